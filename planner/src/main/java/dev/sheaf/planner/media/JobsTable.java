package dev.sheaf.planner.media;

import dev.sheaf.catalog.jobs.BackfillJob;
import dev.sheaf.catalog.jobs.BackfillJobStore;
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
 * {@code sys.jobs}: the backfill jobs of computed columns in the catalog (every server on a shared
 * catalog sees the same rows): table, column, state, progress, errors, rate (rows per second of
 * work) and the estimated seconds left.
 */
public final class JobsTable extends AbstractTable implements ScannableTable {
  private final BackfillJobStore jobs;

  JobsTable(BackfillJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory factory) {
    return factory
        .builder()
        .add("job_id", SqlTypeName.VARCHAR)
        .add("table_schema", SqlTypeName.VARCHAR)
        .add("table_name", SqlTypeName.VARCHAR)
        .add("column_name", SqlTypeName.VARCHAR)
        .add("state", SqlTypeName.VARCHAR)
        .add("rows_done", SqlTypeName.BIGINT)
        .add("rows_total", SqlTypeName.BIGINT)
        .add("errors", SqlTypeName.BIGINT)
        .add("rows_per_second", SqlTypeName.DOUBLE)
        .nullable(true)
        .add("seconds_left", SqlTypeName.DOUBLE)
        .nullable(true)
        .add("message", SqlTypeName.VARCHAR)
        .nullable(true)
        .add("created_at", SqlTypeName.TIMESTAMP)
        .add("updated_at", SqlTypeName.TIMESTAMP)
        .add("kind", SqlTypeName.VARCHAR)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    List<Object[]> rows = new ArrayList<>();
    for (BackfillJob job : jobs.list()) {
      double rate = job.rate();
      Double left =
          job.state() == BackfillJob.State.RUNNING && rate > 0
              ? (job.rowsTotal() - job.rowsDone()) / rate
              : null;
      rows.add(
          new Object[] {
            job.id(),
            job.schema(),
            job.table(),
            job.column(),
            job.state().name(),
            job.rowsDone(),
            job.rowsTotal(),
            job.errors(),
            rate,
            left,
            job.message(),
            job.createdAt(),
            job.updatedAt(),
            job.kind().name().toLowerCase(java.util.Locale.ROOT)
          });
    }
    return Linq4j.asEnumerable(rows);
  }
}
