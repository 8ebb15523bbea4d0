package dev.sheaf.planner.schema;

import dev.sheaf.catalog.datasets.CommittedMember;
import dev.sheaf.catalog.datasets.DatasetCommit;
import dev.sheaf.catalog.datasets.DatasetStore;
import dev.sheaf.catalog.datasets.RowJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code "<dataset>$history"}, and {@code sys.dataset_commits} for every dataset: one row per
 * commit, oldest first: its number, tag, message, time, and each member's version as a JSON object
 * ({@code {"main.photos": 3, "main.labels": 5}}).
 */
public final class DatasetHistoryTable extends AbstractTable implements ScannableTable {
  private final DatasetStore datasets;
  private final String dataset;

  /**
   * @param dataset the dataset whose commits to list, or null for every dataset's
   */
  public DatasetHistoryTable(DatasetStore datasets, String dataset) {
    this.datasets = datasets;
    this.dataset = dataset;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("dataset", SqlTypeName.VARCHAR)
        .add("commit", SqlTypeName.BIGINT)
        .add("tag", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("message", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("committed_at", SqlTypeName.TIMESTAMP)
        .add("versions", SqlTypeName.VARCHAR)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<String> names = new ArrayList<>();
    if (dataset != null) {
      names.add(dataset);
    } else {
      datasets.list().forEach(found -> names.add(found.name()));
    }
    List<Object[]> rows = new ArrayList<>();
    for (String name : names) {
      for (DatasetCommit commit : datasets.commits(name)) {
        Map<String, Object> versions = new LinkedHashMap<>();
        for (CommittedMember member : commit.members()) {
          versions.put(member.member().qualifiedName(), member.version());
        }
        rows.add(
            new Object[] {
              name,
              commit.number(),
              commit.tag(),
              commit.message(),
              commit.createdAt(),
              RowJson.of(versions)
            });
      }
    }
    return Linq4j.asEnumerable(rows);
  }
}
