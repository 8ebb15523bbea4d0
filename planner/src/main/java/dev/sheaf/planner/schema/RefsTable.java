package dev.sheaf.planner.schema;

import java.util.ArrayList;
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
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * {@code "<table>$refs"}: one row per tag and branch of a table (Iceberg's and Trino's {@code
 * $refs}), {@code main} included, by name: its type ({@code BRANCH} or {@code TAG}), the version it
 * points at (as in {@code "<table>$history"}) and that version's snapshot id.
 */
public final class RefsTable extends AbstractTable implements ScannableTable {
  private final Table table;

  public RefsTable(Table table) {
    this.table = table;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    RelDataType bigint = factory.createSqlType(SqlTypeName.BIGINT);
    RelDataType text = factory.createSqlType(SqlTypeName.VARCHAR);
    return factory
        .builder()
        .add("name", text)
        .add("type", text)
        .add("version", factory.createTypeWithNullability(bigint, true))
        .add("snapshot_id", bigint)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    List<Map.Entry<String, SnapshotRef>> refs = new ArrayList<>(table.refs().entrySet());
    refs.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, SnapshotRef> entry : refs) {
      SnapshotRef ref = entry.getValue();
      Snapshot snapshot = table.snapshot(ref.snapshotId());
      rows.add(
          new Object[] {
            entry.getKey(),
            ref.isBranch() ? "BRANCH" : "TAG",
            snapshot == null ? null : snapshot.sequenceNumber(),
            ref.snapshotId()
          });
    }
    return Linq4j.asEnumerable(rows);
  }
}
