package dev.sheaf.planner.media;

import dev.sheaf.catalog.sources.SyncError;
import dev.sheaf.catalog.sources.SyncErrorStore;
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

/**
 * {@code sys.sync_errors}: the source rows syncs refused (their run, table, file or table and line,
 * key, error code and message); join {@code sys.provenance_runs} on {@code run_id} for the run.
 */
public final class SyncErrorsTable extends AbstractTable implements ScannableTable {
  private final SyncErrorStore errors;

  SyncErrorsTable(SyncErrorStore errors) {
    this.errors = errors;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("run_id", SqlTypeName.VARCHAR)
        .add("table_schema", SqlTypeName.VARCHAR)
        .add("table_name", SqlTypeName.VARCHAR)
        .add("source_uri", SqlTypeName.VARCHAR)
        .add("line", SqlTypeName.BIGINT)
        .add("row_key", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("code", SqlTypeName.VARCHAR)
        .add("message", SqlTypeName.VARCHAR)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (SyncError error : errors.list()) {
      rows.add(
          new Object[] {
            error.runId(),
            error.schema(),
            error.table(),
            error.sourceUri(),
            error.line(),
            error.rowKey(),
            error.code(),
            error.message()
          });
    }
    return Linq4j.asEnumerable(rows);
  }
}
