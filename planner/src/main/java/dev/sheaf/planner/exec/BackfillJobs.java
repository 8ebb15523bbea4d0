package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.computed.ComputedFiles;
import dev.sheaf.catalog.jobs.BackfillJob;
import dev.sheaf.catalog.jobs.BackfillJobStore;
import dev.sheaf.catalog.jobs.JobLeases;
import dev.sheaf.catalog.jobs.LeaseOwner;
import dev.sheaf.planner.parser.SqlJobControl;
import dev.sheaf.planner.similarity.IndexDefinition;
import dev.sheaf.planner.similarity.VectorIndexes;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Runs backfill jobs: fills a STORED computed column added to a table with rows, one data file at a
 * time. Each chunk reads a file, computes the column for its rows, writes the file again with the
 * column filled and commits the swap as its own version, so a crash loses at most the chunk in
 * progress. Which files are done is read from the table (a file whose metrics know the column's
 * field id holds it), so a restarted job skips every committed chunk. Jobs run one at a time on one
 * background thread per engine; a RUNNING job found at start resumes. A job runs only under its
 * lease ({@link JobLeases}), so of the servers sharing a catalog one runs it, and another takes it
 * over when that one stops renewing the lease.
 */
public final class BackfillJobs implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BackfillJobs.class.getName());

  /** Conflicting commits in a row after which a job gives up (FAILED, with the conflict). */
  private static final int MAX_CONFLICTS = 20;

  private final SheafCatalog catalog;
  private final TableWrites writes;
  private final ComputedCompleter completer;
  private final BackfillSettings settings;
  private final BackfillJobStore store;
  private final JobLeases leases;
  private final VectorIndexes indexes;
  private final ExecutorService worker;
  private final ScheduledExecutorService ticker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger queued = new AtomicInteger();

  /** Who this engine is in the leases table: host, process and a random part. */
  private final String owner;

  /** The jobs queued or running on this engine. */
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

  /** Runs media migrations ({@code INGEST MEDIA}); null until the executor sets it. */
  private volatile MediaIngestJobs mediaIngest;

  /** The job whose lease this engine holds now, renewed by the ticker; null when none. */
  private volatile String leased;

  BackfillJobs(
      SheafCatalog catalog,
      TableWrites writes,
      ComputedEvaluator.Scope scope,
      BackfillSettings settings,
      VectorIndexes indexes) {
    this.catalog = catalog;
    this.indexes = indexes;
    this.writes = writes;
    this.completer = new ComputedCompleter(scope);
    this.settings = settings;
    this.store = catalog.backfillJobs();
    this.leases = catalog.jobLeases();
    this.owner = LeaseOwner.ofThisProcess().toString();
    this.worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sheaf-backfill");
              thread.setDaemon(true);
              return thread;
            });
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sheaf-backfill-leases");
              thread.setDaemon(true);
              return thread;
            });
    long lease = settings.leaseMillis();
    ticker.scheduleWithFixedDelay(this::renewLease, lease / 3, lease / 3, TimeUnit.MILLISECONDS);
    if (settings.chunksPerStart() == 0) {
      ticker.scheduleWithFixedDelay(this::takeOver, lease, lease, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Schedules the RUNNING jobs: those a previous start left, and (called every lease period) those
   * whose server stopped renewing its lease. A job another server holds is skipped when it runs.
   */
  public void resume() {
    for (BackfillJob job : store.list()) {
      if (job.state() == BackfillJob.State.RUNNING && job.kind() != BackfillJob.Kind.SYNC) {
        schedule(job);
      }
    }
  }

  private void takeOver() {
    try {
      resume();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot look for backfill jobs to take over", e);
    }
  }

  /** Extends the lease of the job this engine runs, so a long chunk does not lose it. */
  private void renewLease() {
    String job = leased;
    if (job == null) {
      return;
    }
    try {
      if (!leases.renew(job, owner, System.currentTimeMillis(), settings.leaseMillis())) {
        LOG.log(System.Logger.Level.WARNING, "lost the lease on backfill job " + job);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot renew the lease on backfill job " + job, e);
    }
  }

  /** Records and starts a job that fills {@code column} of the table; returns its id. */
  String start(Table table, String schema, String tableName, String column) {
    return start(table, schema, tableName, column, BackfillJob.Kind.BACKFILL);
  }

  /** Records and starts a job that indexes the table's rows in index {@code index}. */
  String startIndexBuild(Table table, String schema, String tableName, String index) {
    return start(table, schema, tableName, index, BackfillJob.Kind.INDEX);
  }

  private String start(
      Table table, String schema, String tableName, String column, BackfillJob.Kind kind) {
    long now = System.currentTimeMillis();
    BackfillJob job =
        new BackfillJob(
            UUID.randomUUID().toString(),
            table.uuid().toString(),
            schema,
            tableName,
            column,
            BackfillJob.State.RUNNING,
            0,
            0,
            0,
            0,
            0,
            null,
            now,
            now,
            kind);
    store.create(job);
    schedule(job);
    return job.id();
  }

  /** Sets what runs {@link BackfillJob.Kind#MEDIA_INGEST} jobs. */
  void mediaIngest(MediaIngestJobs jobs) {
    this.mediaIngest = jobs;
  }

  /**
   * {@code INGEST MEDIA}: records the migration's job, or finds the one of the same arguments, and
   * schedules it unless it is PAUSED (RESUME JOB runs it); a DONE, FAILED or CANCELLED one runs
   * again (it skips what it copied and retries what failed). Returns the job.
   */
  synchronized BackfillJob startMediaIngest(dev.sheaf.planner.parser.SqlIngestMedia statement) {
    BackfillJob job = mediaIngest.prepare(statement);
    if (job.state() == BackfillJob.State.PAUSED) {
      return job;
    }
    if (job.state() != BackfillJob.State.RUNNING) {
      job = job.withState(BackfillJob.State.RUNNING, null, System.currentTimeMillis());
      store.update(job);
    }
    schedule(job);
    return job;
  }

  /** Every job in the catalog, oldest first. */
  public List<BackfillJob> list() {
    return store.list();
  }

  /** Waits until this engine has no job left to run; returns whether that happened in time. */
  public boolean await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (queued.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private void schedule(BackfillJob job) {
    if (closed.get() || !scheduled.add(job.id())) {
      return; // queued here already
    }
    queued.incrementAndGet();
    try {
      worker.execute(
          () -> {
            try {
              leased(job);
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "backfill job " + job.id() + " failed", e);
            } finally {
              scheduled.remove(job.id());
              queued.decrementAndGet();
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      scheduled.remove(job.id());
      queued.decrementAndGet();
    }
  }

  /**
   * Runs a job under its lease: not at all when another server holds it, and giving the lease up
   * when it stops (done, paused, or this engine closing), so another server can go on at once.
   */
  private void leased(BackfillJob job) {
    long now = System.currentTimeMillis();
    if (!leases.acquire(job.id(), owner, now, settings.leaseMillis())) {
      String holder = leases.holder(job.id());
      boolean ended = LeaseOwner.parse(holder).map(LeaseOwner::endedOnThisHost).orElse(false);
      if (!ended || !leases.takeFrom(job.id(), holder, owner, now, settings.leaseMillis())) {
        return; // another server runs it
      }
    }
    leased = job.id();
    try {
      run(job);
    } finally {
      leased = null;
      leases.release(job.id(), owner);
    }
  }

  private void run(BackfillJob start) {
    if (start.kind() == BackfillJob.Kind.MEDIA_INGEST) {
      mediaIngest.run(start, closed::get, this::save);
      return;
    }
    if (start.kind() == BackfillJob.Kind.INDEX) {
      buildIndex(start);
      return;
    }
    BackfillJob job = start;
    int chunks = 0;
    int conflicts = 0;
    while (!closed.get()) {
      if (!stillRunning(job.id())) {
        return; // paused or cancelled by a statement
      }
      if (!leases.renew(job.id(), owner, System.currentTimeMillis(), settings.leaseMillis())) {
        return; // the lease ran out (this engine stalled) and another server took the job
      }
      Optional<Table> found = catalog.findTable(job.schema(), job.table());
      if (found.isEmpty() || !found.get().uuid().toString().equals(job.tableUuid())) {
        finish(job, BackfillJob.State.CANCELLED, "the table was dropped or renamed");
        return;
      }
      Table table = found.get();
      Optional<ComputedColumn> column = ComputedColumns.find(table, job.column());
      NestedField field = table.schema().findField(job.column());
      if (column.isEmpty() || field == null) {
        finish(job, BackfillJob.State.CANCELLED, "the column was dropped");
        return;
      }
      Snapshot snapshot = table.currentSnapshot();
      NestedField errorField = table.schema().findField(column.get().errorColumn());
      Chunks chunksLeft = chunks(table, snapshot, field, errorField.fieldId());
      job =
          job.withProgress(
              chunksLeft.total(),
              chunksLeft.done(),
              chunksLeft.errors(),
              System.currentTimeMillis());
      if (chunksLeft.pending() == null) {
        finish(job, BackfillJob.State.DONE, null);
        return;
      }
      if (settings.chunksPerStart() > 0 && chunks >= settings.chunksPerStart()) {
        save(job);
        return;
      }
      long started = System.nanoTime();
      FileScanTask pending = chunksLeft.pending();
      DataFile file = pending.file();
      try {
        writes.replaceFile(
            table,
            snapshot,
            pending,
            rows -> {
              completer.complete(table, rows);
              return rows;
            });
      } catch (SheafException e) {
        if (e.code() == ErrorCode.COMMIT_CONFLICT && ++conflicts < MAX_CONFLICTS) {
          continue; // the table changed under the chunk: plan it again
        }
        finish(job, BackfillJob.State.FAILED, e.code() + ": " + e.getMessage());
        return;
      } catch (RuntimeException e) {
        finish(
            job,
            BackfillJob.State.FAILED,
            ComputedEvaluator.asSheaf(e).code() + ": " + ComputedEvaluator.asSheaf(e).getMessage());
        return;
      }
      chunks++;
      conflicts = 0;
      long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
      job = job.withChunk(file.recordCount(), millis, System.currentTimeMillis());
      if (!save(job)) {
        return;
      }
    }
  }

  /**
   * An index build: indexes the data files of the table's current version that the index lacks, one
   * file per step, each step's progress stored; DONE when none is left. A search or write that
   * needs the index meanwhile indexes what is left itself (it waits for the index), so the job may
   * find its work done.
   */
  private void buildIndex(BackfillJob start) {
    BackfillJob job = start;
    int steps = 0;
    while (!closed.get()) {
      if (!stillRunning(job.id())) {
        return;
      }
      if (!leases.renew(job.id(), owner, System.currentTimeMillis(), settings.leaseMillis())) {
        return;
      }
      Optional<Table> found = catalog.findTable(job.schema(), job.table());
      if (found.isEmpty() || !found.get().uuid().toString().equals(job.tableUuid())) {
        finish(job, BackfillJob.State.CANCELLED, "the table was dropped or renamed");
        return;
      }
      Table table = found.get();
      Optional<IndexDefinition> definition = IndexDefinition.find(table, job.column());
      if (definition.isEmpty()) {
        finish(job, BackfillJob.State.CANCELLED, "the index was dropped");
        return;
      }
      if (settings.chunksPerStart() > 0 && steps >= settings.chunksPerStart()) {
        save(job);
        return;
      }
      long started = System.nanoTime();
      VectorIndexes.BuildStep step;
      try {
        step = indexes.buildStep(table, table.currentSnapshot(), definition.get());
      } catch (RuntimeException e) {
        SheafException error = ComputedEvaluator.asSheaf(e);
        finish(job, BackfillJob.State.FAILED, error.code() + ": " + error.getMessage());
        return;
      }
      steps++;
      long now = System.currentTimeMillis();
      job = job.withProgress(step.rowsTotal(), step.rowsIndexed(), 0, now);
      if (step.rowsAdded() > 0) {
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        job = job.withChunk(step.rowsAdded(), millis, now);
      }
      if (step.complete()) {
        finish(job, BackfillJob.State.DONE, null);
        return;
      }
      if (!save(job)) {
        return;
      }
    }
  }

  private void finish(BackfillJob job, BackfillJob.State state, String message) {
    save(job.withState(state, message, System.currentTimeMillis()));
  }

  /**
   * Stores a running job's progress or end, unless a statement paused or cancelled it meanwhile;
   * returns whether it was stored.
   */
  private synchronized boolean save(BackfillJob job) {
    if (!stillRunning(job.id())) {
      return false;
    }
    store.update(job);
    return true;
  }

  private boolean stillRunning(String id) {
    BackfillJob stored = find(id);
    return stored != null && stored.state() == BackfillJob.State.RUNNING;
  }

  private BackfillJob find(String id) {
    return store.list().stream().filter(job -> job.id().equals(id)).findFirst().orElse(null);
  }

  /**
   * {@code WAIT FOR JOB 'id'}: returns once the job is no longer RUNNING (whichever server runs
   * it), with its rows done; fails with the job's own error when it FAILED, JOB_NOT_FOUND for an
   * unknown id, CANCELLED when the statement is cancelled. A PAUSED or CANCELLED job returns.
   */
  long waitFor(String id, AtomicBoolean cancel) {
    while (true) {
      BackfillJob job = find(id);
      if (job == null) {
        throw SheafException.of(
            ErrorCode.JOB_NOT_FOUND,
            "Cannot wait for job '%s': no job has that id (SELECT job_id, state FROM sys.jobs"
                + " lists them)",
            id);
      }
      if (job.state() == BackfillJob.State.FAILED) {
        throw SheafException.of(
            failureCode(job.message()),
            "Job '%s' (%s) failed: %s",
            id,
            job.kind() == BackfillJob.Kind.MEDIA_INGEST
                ? "media ingest"
                : "column " + job.column() + " of table " + job.table(),
            job.message());
      }
      if (job.state() != BackfillJob.State.RUNNING) {
        return job.rowsDone();
      }
      if (cancel.get()) {
        throw SheafException.of(
            ErrorCode.CANCELLED, "Cannot finish waiting for job '%s': cancelled (it runs on)", id);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SheafException.of(ErrorCode.CANCELLED, "Cannot finish waiting for job '%s'", id);
      }
    }
  }

  /** The code a failed job's message starts with ({@code CODE: ...}), else INTERNAL_ERROR. */
  private static ErrorCode failureCode(String message) {
    if (message != null && message.indexOf(':') > 0) {
      try {
        return ErrorCode.valueOf(message.substring(0, message.indexOf(':')));
      } catch (IllegalArgumentException e) {
        return ErrorCode.INTERNAL_ERROR;
      }
    }
    return ErrorCode.INTERNAL_ERROR;
  }

  /**
   * Pauses a running job (it stops after its current chunk and stays PAUSED across restarts),
   * resumes a paused one, or cancels a running or paused one (the chunks it committed stay; the
   * column's other cells stay NULL). Fails with JOB_NOT_FOUND for an unknown id and
   * INVALID_ARGUMENT for a job in another state.
   */
  synchronized void control(String id, SqlJobControl.Action action) {
    String verb = action.name().toLowerCase(java.util.Locale.ROOT);
    BackfillJob job = find(id);
    if (job == null) {
      throw SheafException.of(
          ErrorCode.JOB_NOT_FOUND,
          "Cannot %s job '%s': no job has that id (SELECT job_id, state FROM sys.jobs lists them)",
          verb,
          id);
    }
    if (job.kind() == BackfillJob.Kind.SYNC) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot %s job '%s': it is a SYNC TABLE, which runs in its statement (cancel the"
              + " statement instead)",
          verb,
          id);
    }
    BackfillJob.State state = job.state();
    boolean allowed =
        switch (action) {
          case PAUSE -> state == BackfillJob.State.RUNNING;
          case RESUME -> state == BackfillJob.State.PAUSED;
          case CANCEL -> state == BackfillJob.State.RUNNING || state == BackfillJob.State.PAUSED;
          case WAIT -> throw new IllegalArgumentException("WAIT FOR JOB runs as waitFor");
        };
    if (!allowed) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot %s job '%s': it is %s (%s)",
          verb,
          id,
          state,
          switch (action) {
            case PAUSE -> "only a RUNNING job pauses";
            case RESUME -> "only a PAUSED job resumes";
            case CANCEL -> "only a RUNNING or PAUSED job can be cancelled";
            case WAIT -> "";
          });
    }
    long now = System.currentTimeMillis();
    switch (action) {
      case PAUSE -> store.update(job.withState(BackfillJob.State.PAUSED, "paused", now));
      case CANCEL -> store.update(job.withState(BackfillJob.State.CANCELLED, "cancelled", now));
      case RESUME -> {
        BackfillJob resumed = job.withState(BackfillJob.State.RUNNING, null, now);
        store.update(resumed);
        schedule(resumed);
      }
      case WAIT -> throw new IllegalArgumentException("WAIT FOR JOB runs as waitFor");
    }
  }

  /** The files of a snapshot: rows in all, rows already filled, and one file still to fill. */
  private record Chunks(long total, long done, long errors, FileScanTask pending) {}

  private static Chunks chunks(
      Table table, Snapshot snapshot, NestedField column, int errorFieldId) {
    if (snapshot == null) {
      return new Chunks(0, 0, 0, null);
    }
    long total = 0;
    long done = 0;
    long errors = 0;
    FileScanTask pending = null;
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshot.snapshotId()).includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        total += file.recordCount();
        if (ComputedFiles.holds(file, column)) {
          done += file.recordCount();
          errors += errorCells(file, errorFieldId);
        } else if (pending == null) {
          pending = task;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Chunks(total, done, errors, pending);
  }

  /** The non-NULL cells of an error column in a file, from its metrics. */
  private static long errorCells(DataFile file, int errorFieldId) {
    Long values = file.valueCounts() == null ? null : file.valueCounts().get(errorFieldId);
    Long nulls = file.nullValueCounts() == null ? null : file.nullValueCounts().get(errorFieldId);
    return values == null || nulls == null ? 0 : values - nulls;
  }

  @Override
  public void close() {
    closed.set(true);
    ticker.shutdownNow();
    worker.shutdown();
    try {
      if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
