package dev.sheaf.planner.dataset;

import dev.sheaf.catalog.datasets.Dataset;
import dev.sheaf.catalog.datasets.DatasetCommit;
import dev.sheaf.catalog.datasets.DatasetMember;
import dev.sheaf.catalog.datasets.DatasetStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/** {@code sys.datasets}: every dataset, its members, and its commit count and latest commit. */
public final class DatasetsTable extends AbstractTable implements ScannableTable {
  private final DatasetStore datasets;

  public DatasetsTable(DatasetStore datasets) {
    this.datasets = datasets;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("dataset", SqlTypeName.VARCHAR)
        .add("members", SqlTypeName.VARCHAR)
        .add("commits", SqlTypeName.BIGINT)
        .add("latest_commit", SqlTypeName.BIGINT)
        .nullable(true)
        .add("latest_tag", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("created_at", SqlTypeName.TIMESTAMP)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (Dataset dataset : datasets.list()) {
      List<DatasetCommit> commits = datasets.commits(dataset.name());
      DatasetCommit latest = commits.isEmpty() ? null : commits.get(commits.size() - 1);
      rows.add(
          new Object[] {
            dataset.name(),
            String.join(
                ", ", dataset.members().stream().map(DatasetMember::qualifiedName).toList()),
            (long) commits.size(),
            latest == null ? null : latest.number(),
            latest == null ? null : latest.tag(),
            dataset.createdAt()
          });
    }
    return Linq4j.asEnumerable(rows);
  }
}
