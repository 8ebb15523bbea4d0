package dev.sheaf.planner.sync;

import dev.sheaf.catalog.jobs.BackfillJob;
import dev.sheaf.catalog.jobs.BackfillJobStore;

/**
 * A sync as a row of {@code sys.jobs} (kind {@code sync}, column_name the source): RUNNING while it
 * reads and writes, rows_total the source rows read, then DONE or FAILED with the rows written and
 * the rows refused. Its id is the sync's provenance run id.
 */
final class SyncJob {
  private final BackfillJobStore store;
  private BackfillJob job;

  private SyncJob(BackfillJobStore store, BackfillJob job) {
    this.store = store;
    this.job = job;
  }

  static SyncJob start(
      BackfillJobStore store,
      String runId,
      String tableUuid,
      String schema,
      String table,
      String source) {
    long now = System.currentTimeMillis();
    BackfillJob job =
        new BackfillJob(
            runId,
            tableUuid == null ? "" : tableUuid,
            schema,
            table,
            source,
            BackfillJob.State.RUNNING,
            0,
            0,
            0,
            0,
            0,
            null,
            now,
            now,
            BackfillJob.Kind.SYNC);
    store.create(job);
    return new SyncJob(store, job);
  }

  /** The source rows read: what the sync now checks and writes. */
  void read(long rows) {
    job = job.withProgress(rows, 0, 0, System.currentTimeMillis());
    store.update(job);
  }

  void finish(boolean done, long written, long errors, String message) {
    long now = System.currentTimeMillis();
    job =
        job.withProgress(job.rowsTotal(), written, errors, now)
            .withState(done ? BackfillJob.State.DONE : BackfillJob.State.FAILED, message, now);
    store.update(job);
  }
}
