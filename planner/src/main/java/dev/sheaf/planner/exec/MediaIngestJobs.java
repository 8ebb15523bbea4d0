package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.ingest.CopyRegistrar;
import dev.sheaf.catalog.ingest.MediaMigration;
import dev.sheaf.catalog.ingest.MigrationProgress;
import dev.sheaf.catalog.ingest.MigrationRun;
import dev.sheaf.catalog.ingest.MigrationSettings;
import dev.sheaf.catalog.jobs.BackfillJob;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.planner.parser.SqlIngestMedia;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.net.URI;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.iceberg.Table;

/**
 * {@code INGEST MEDIA}: checks the statement, records the migration and its job ({@link
 * BackfillJob.Kind#MEDIA_INGEST}, id the run's id, so the same statement again names the same job
 * and resumes it), and runs it when {@link BackfillJobs} schedules it: progress in {@code sys.jobs}
 * (rows are objects: listed, settled, failed), the end as DONE (with the count of failed objects)
 * or FAILED (the source could not be listed: {@code CODE: message}).
 */
final class MediaIngestJobs {
  /** How often a running migration looks at its job row (paused, cancelled) and saves progress. */
  private static final long CHECK_MILLIS = 1000;

  private final SheafCatalog catalog;
  private final MediaStores media;
  private final CopyRegistrar registrar;
  private final MigrationSettings settings;

  MediaIngestJobs(
      SheafCatalog catalog,
      MediaStores media,
      CopyRegistrar registrar,
      MigrationSettings settings) {
    this.catalog = catalog;
    this.media = media;
    this.registrar = registrar;
    this.settings = settings;
  }

  /**
   * The job of the statement's migration: new, or the existing one of the same arguments (which the
   * caller schedules again unless it is RUNNING or PAUSED).
   */
  BackfillJob prepare(SqlIngestMedia statement) {
    URI source = MediaStores.parse(statement.sourceText());
    URI destination = MediaStores.parse(statement.destinationText());
    media.storeFor(source); // MEDIA_ACCESS_DENIED for a scheme no store serves
    media.storeFor(destination);
    String tableUuid = "";
    String schema = "";
    String tableName = "";
    String column = "";
    MigrationRun run;
    if (statement.table != null) {
      TableResolver name = TableResolver.of(statement.table);
      Table table = name.load(catalog);
      column = statement.column.getSimple();
      checkMediaColumn(table, name, column);
      tableUuid = table.uuid().toString();
      schema = name.schema();
      tableName = name.table();
      run = MigrationRun.of(source, destination, schema + "." + tableName, column);
    } else {
      run = MigrationRun.of(source, destination, null, null);
    }
    catalog.ingestCheckpoints().recordRun(run, run.id());
    Optional<BackfillJob> existing =
        catalog.backfillJobs().list().stream().filter(job -> job.id().equals(run.id())).findFirst();
    if (existing.isPresent()) {
      return existing.get();
    }
    long now = System.currentTimeMillis();
    BackfillJob job =
        new BackfillJob(
            run.id(),
            tableUuid,
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
            BackfillJob.Kind.MEDIA_INGEST);
    catalog.backfillJobs().create(job);
    return job;
  }

  private static void checkMediaColumn(Table table, TableResolver name, String column) {
    SheafColumn found =
        IcebergSchemas.columns(table.schema()).stream()
            .filter(c -> c.name().equals(column))
            .findFirst()
            .orElseThrow(
                () ->
                    SheafException.of(
                        ErrorCode.COLUMN_NOT_FOUND,
                        "Cannot ingest media into %s.%s (%s): the table has no such column (name a"
                            + " media column of the table)",
                        name.schema(),
                        name.table(),
                        column));
    if (!found.type().isMedia()) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot ingest media into column '%s' of %s.%s: it is %s (name an IMAGE, VIDEO, AUDIO or"
              + " DOCUMENT column)",
          column,
          name.schema(),
          name.table(),
          found.type());
    }
  }

  /**
   * Runs a migration job until it is settled, stopped ({@code stop}: the engine closing, the lease
   * lost) or paused or cancelled (its row no longer RUNNING: {@code save} answers false).
   */
  void run(BackfillJob start, BooleanSupplier stop, Predicate<BackfillJob> save) {
    Optional<MigrationRun> found = catalog.ingestCheckpoints().runOfJob(start.id());
    if (found.isEmpty()) {
      save.test(
          start.withState(
              BackfillJob.State.FAILED,
              "INTERNAL_ERROR: the migration of this job is not recorded",
              System.currentTimeMillis()));
      return;
    }
    Progress progress = new Progress(start, save);
    MigrationProgress end;
    try {
      end =
          new MediaMigration(media, catalog.ingestCheckpoints(), settings)
              .run(
                  found.get(),
                  registrar,
                  progress::report,
                  () -> stop.getAsBoolean() || progress.stopped());
    } catch (SheafException e) {
      progress.finish(BackfillJob.State.FAILED, e.code() + ": " + e.getMessage());
      return;
    }
    progress.update(end);
    if (end.listingDone()) {
      progress.finish(
          BackfillJob.State.DONE,
          end.failed() == 0
              ? String.format("%d objects copied", end.copied() + end.skipped())
              : String.format(
                  "%d objects copied, %d failed (SELECT source_uri, error_code, message FROM"
                      + " sys.ingest_objects WHERE run_id = '%s' AND state = 'FAILED'; run the"
                      + " statement again to retry them)",
                  end.copied() + end.skipped(), end.failed(), start.id()));
    } else if (progress.stopped()) {
      markCancelled(start.id());
    } else {
      progress.save();
    }
  }

  /**
   * A job cancelled by CANCEL JOB: its provenance run ends CANCELLED too (a paused one runs on).
   */
  private void markCancelled(String id) {
    boolean cancelled =
        catalog.backfillJobs().list().stream()
            .anyMatch(job -> job.id().equals(id) && job.state() == BackfillJob.State.CANCELLED);
    if (cancelled) {
      catalog
          .provenance()
          .run(id)
          .ifPresent(
              run ->
                  catalog
                      .provenance()
                      .updateRun(
                          run.finished(
                              dev.sheaf.catalog.provenance.ProvenanceRun.State.CANCELLED,
                              run.snapshotId(),
                              "cancelled")));
    }
  }

  /** The job row kept in step with the migration, at most once a second. */
  private static final class Progress {
    private final Predicate<BackfillJob> save;
    private BackfillJob job;
    private long savedAt;
    private long copiedAtSave;
    private volatile boolean stopped;

    Progress(BackfillJob start, Predicate<BackfillJob> save) {
      this.job = start;
      this.save = save;
      this.savedAt = System.currentTimeMillis();
    }

    synchronized void report(MigrationProgress progress) {
      if (System.currentTimeMillis() - savedAt >= CHECK_MILLIS) {
        update(progress);
        save();
      }
    }

    /** Takes the counts into the job row (not saved yet). */
    synchronized void update(MigrationProgress progress) {
      long now = System.currentTimeMillis();
      long copied = progress.copied();
      job =
          job.withChunk(copied - copiedAtSave, now - savedAt, now)
              .withProgress(progress.listed(), progress.settled(), progress.failed(), now);
      copiedAtSave = copied;
      savedAt = now;
    }

    synchronized void save() {
      if (!save.test(job)) {
        stopped = true; // paused or cancelled by a statement
      }
    }

    boolean stopped() {
      return stopped;
    }

    synchronized void finish(BackfillJob.State state, String message) {
      save.test(job.withState(state, message, System.currentTimeMillis()));
    }
  }
}
