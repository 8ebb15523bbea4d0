package dev.sheaf.catalog.ingest;

/**
 * Where a run stands.
 *
 * @param listed objects listed so far (all of them once {@code listingDone})
 * @param copied objects copied by this start of the run
 * @param skipped objects found copied by an earlier start (or at the destination already)
 * @param failed objects whose copy failed (each recorded with its error)
 * @param bytes bytes copied by this start
 * @param registered objects whose rows this start committed
 */
public record MigrationProgress(
    long listed,
    long copied,
    long skipped,
    long failed,
    long bytes,
    long registered,
    boolean listingDone) {
  /** Objects settled one way or another. */
  public long settled() {
    return copied + skipped + failed;
  }
}
