package dev.sheaf.planner.schema;

import dev.sheaf.catalog.TableVersions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * {@code "<table>$history"}: one row per version of a table, oldest first, with the operation, the
 * rows it added and removed, and the tags and branches that point at it.
 */
public final class HistoryTable extends AbstractTable implements ScannableTable {
  private final Table table;

  public HistoryTable(Table table) {
    this.table = table;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    RelDataType bigint = factory.createSqlType(SqlTypeName.BIGINT);
    RelDataType text = factory.createSqlType(SqlTypeName.VARCHAR);
    return factory
        .builder()
        .add("version", bigint)
        .add("snapshot_id", bigint)
        .add("parent_id", factory.createTypeWithNullability(bigint, true))
        .add("committed_at", factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3))
        .add("operation", text)
        .add("added_rows", factory.createTypeWithNullability(bigint, true))
        .add("deleted_rows", factory.createTypeWithNullability(bigint, true))
        .add("total_rows", factory.createTypeWithNullability(bigint, true))
        .add("is_current", factory.createSqlType(SqlTypeName.BOOLEAN))
        .add("refs", factory.createTypeWithNullability(text, true))
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    Map<Long, List<String>> refs = TableVersions.referencesBySnapshot(table);
    Set<Long> onMain = new HashSet<>();
    for (var entry : table.history()) {
      onMain.add(entry.snapshotId());
    }
    Snapshot current = table.currentSnapshot();
    List<Object[]> rows = new ArrayList<>();
    List<Snapshot> snapshots = new ArrayList<>();
    table.snapshots().forEach(snapshots::add);
    snapshots.sort(java.util.Comparator.comparingLong(Snapshot::sequenceNumber));
    for (Snapshot snapshot : snapshots) {
      Map<String, String> summary = snapshot.summary();
      List<String> names = refs.getOrDefault(snapshot.snapshotId(), List.of());
      rows.add(
          new Object[] {
            snapshot.sequenceNumber(),
            snapshot.snapshotId(),
            snapshot.parentId(),
            snapshot.timestampMillis(),
            snapshot.operation(),
            number(summary.get("added-records")),
            number(summary.get("deleted-records")),
            number(summary.get("total-records")),
            current != null && current.snapshotId() == snapshot.snapshotId(),
            names.isEmpty() ? null : String.join(",", names)
          });
    }
    return Linq4j.asEnumerable(rows);
  }

  private static Long number(String text) {
    return text == null ? null : Long.parseLong(text);
  }
}
