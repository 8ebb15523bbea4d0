package dev.sheaf.catalog.jobs;

import static java.util.Objects.requireNonNull;

/**
 * A background job over a table, one data file (chunk) at a time: a backfill computes a STORED
 * computed column for the rows the table had when the column was added ({@link Kind#BACKFILL},
 * {@code column} the computed column); an index build indexes the rows a table had when an index
 * was created ({@link Kind#INDEX}, {@code column} the index's name).
 *
 * @param rowsDone rows of the table whose cells of the column are filled
 * @param errors cells of the column that hold an error, in the filled rows
 * @param rowsFilled rows this job computed, over {@code workMillis} of work (its rate)
 */
public record BackfillJob(
    String id,
    String tableUuid,
    String schema,
    String table,
    String column,
    State state,
    long rowsTotal,
    long rowsDone,
    long errors,
    long rowsFilled,
    long workMillis,
    String message,
    long createdAt,
    long updatedAt,
    Kind kind) {
  /** What a job does. */
  public enum Kind {
    BACKFILL,
    INDEX,
    /**
     * A media migration (INGEST MEDIA): {@code column} the media column it registers in, or empty.
     */
    MEDIA_INGEST,
    /**
     * A SYNC TABLE run, shown while it runs ({@code column} the source's name, the id its
     * provenance run's); the statement runs it, no background thread resumes it.
     */
    SYNC
  }

  /** Where a job is. */
  public enum State {
    RUNNING,
    /** Stopped by PAUSE JOB after a chunk; RESUME JOB runs it again. */
    PAUSED,
    DONE,
    FAILED,
    CANCELLED
  }

  public BackfillJob {
    requireNonNull(id, "id is null");
    requireNonNull(tableUuid, "tableUuid is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
    requireNonNull(state, "state is null");
    requireNonNull(kind, "kind is null");
  }

  /** Rows computed per second of work, or 0 before the first chunk. */
  public double rate() {
    return workMillis == 0 ? 0 : rowsFilled * 1000.0 / workMillis;
  }

  public BackfillJob withState(State newState, String newMessage, long now) {
    return new BackfillJob(
        id,
        tableUuid,
        schema,
        table,
        column,
        newState,
        rowsTotal,
        rowsDone,
        errors,
        rowsFilled,
        workMillis,
        newMessage,
        createdAt,
        now,
        kind);
  }

  /** The job after a chunk of {@code chunkRows} rows that took {@code chunkMillis}. */
  public BackfillJob withChunk(long chunkRows, long chunkMillis, long now) {
    return new BackfillJob(
        id,
        tableUuid,
        schema,
        table,
        column,
        state,
        rowsTotal,
        rowsDone,
        errors,
        rowsFilled + chunkRows,
        workMillis + chunkMillis,
        message,
        createdAt,
        now,
        kind);
  }

  /** The job with its progress as the table stands: rows in all, rows filled, cells in error. */
  public BackfillJob withProgress(long total, long done, long cellErrors, long now) {
    return new BackfillJob(
        id,
        tableUuid,
        schema,
        table,
        column,
        state,
        total,
        done,
        cellErrors,
        rowsFilled,
        workMillis,
        message,
        createdAt,
        now,
        kind);
  }
}
