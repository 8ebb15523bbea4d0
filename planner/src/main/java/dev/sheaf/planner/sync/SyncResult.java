package dev.sheaf.planner.sync;

/**
 * What a sync did: rows inserted, updated (their values changed) and deleted, source rows refused
 * (see {@code sys.sync_errors}), the table version it made (null when nothing changed) and its
 * provenance run.
 */
public record SyncResult(
    long inserted, long updated, long deleted, long errors, Long version, String runId) {
  /** One line for the provenance run's message. */
  public String summary() {
    return "inserted "
        + inserted
        + ", updated "
        + updated
        + ", deleted "
        + deleted
        + ", errors "
        + errors
        + (version == null ? ", no new version" : ", version " + version);
  }
}
