package dev.sheaf.planner.exec;

import dev.sheaf.catalog.jobs.BackfillJob;
import dev.sheaf.planner.parser.SqlIngestMedia;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Runs {@code INGEST MEDIA}: starts (or resumes) the migration's job and answers one row, {@code
 * job_id} and {@code state}, which clients follow in {@code sys.jobs} or with {@code WAIT FOR JOB}.
 */
final class MediaIngestStatement {
  static final List<ResultColumn> COLUMNS =
      List.of(
          new ResultColumn("job_id", SheafType.of(TypeKind.VARCHAR), false),
          new ResultColumn("state", SheafType.of(TypeKind.VARCHAR), false));

  private final BufferAllocator allocator;
  private final BackfillJobs jobs;

  MediaIngestStatement(BufferAllocator allocator, BackfillJobs jobs) {
    this.allocator = allocator;
    this.jobs = jobs;
  }

  StatementResult run(SqlIngestMedia statement) {
    BackfillJob job = jobs.startMediaIngest(statement);
    List<Object[]> rows = List.<Object[]>of(new Object[] {job.id(), job.state().name()});
    return new StatementResult(
        new RowBatchReader(
            allocator, Linq4j.enumerator(rows), COLUMNS, new int[] {0, 1}, RowBatchReader.MAX_ROWS),
        -1);
  }
}
