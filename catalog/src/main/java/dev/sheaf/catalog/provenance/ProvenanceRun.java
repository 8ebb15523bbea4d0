package dev.sheaf.catalog.provenance;

import static java.util.Objects.requireNonNull;

/**
 * One run that brought data into Sheaf: a media ingest or a metadata sync.
 *
 * @param runId unique id of the run (a job's id where the run is a job)
 * @param kind what brought the data in, lower case: {@code media_ingest}, {@code sync}
 * @param source where the data came from, with any credentials removed (a URI or a source name)
 * @param schema schema of the table the run wrote rows into, or null when it wrote none
 * @param table table the run wrote rows into, or null when it wrote none
 * @param snapshotId the table version the run's rows landed in, or null before it committed
 * @param items objects copied or rows written so far
 * @param bytes bytes copied so far (0 for a sync)
 * @param errors objects or rows that failed
 * @param message the last error or a summary, never holding a secret
 * @param startedAt epoch milliseconds
 * @param finishedAt epoch milliseconds, or null while running
 */
public record ProvenanceRun(
    String runId,
    String kind,
    String source,
    String schema,
    String table,
    State state,
    Long snapshotId,
    long items,
    long bytes,
    long errors,
    String message,
    long startedAt,
    Long finishedAt) {
  /** Where a run is. */
  public enum State {
    RUNNING,
    DONE,
    FAILED,
    CANCELLED
  }

  public ProvenanceRun {
    requireNonNull(runId, "runId is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(source, "source is null");
    requireNonNull(state, "state is null");
  }

  /** A run that starts now. */
  public static ProvenanceRun started(
      String runId, String kind, String source, String schema, String table) {
    return new ProvenanceRun(
        runId,
        kind,
        source,
        schema,
        table,
        State.RUNNING,
        null,
        0,
        0,
        0,
        null,
        System.currentTimeMillis(),
        null);
  }

  /** This run with new counts. */
  public ProvenanceRun progressed(long newItems, long newBytes, long newErrors) {
    return new ProvenanceRun(
        runId,
        kind,
        source,
        schema,
        table,
        state,
        snapshotId,
        newItems,
        newBytes,
        newErrors,
        message,
        startedAt,
        finishedAt);
  }

  /** This run ended now in {@code end}, its rows in {@code snapshot} (null when none landed). */
  public ProvenanceRun finished(State end, Long snapshot, String endMessage) {
    return new ProvenanceRun(
        runId,
        kind,
        source,
        schema,
        table,
        end,
        snapshot,
        items,
        bytes,
        errors,
        endMessage,
        startedAt,
        System.currentTimeMillis());
  }
}
