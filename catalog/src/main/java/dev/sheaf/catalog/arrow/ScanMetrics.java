package dev.sheaf.catalog.arrow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a scan's Parquet readers did, counted across the threads that decode its files: the files
 * opened and, for the files read with a pushed {@link RowFilter}, their row groups and how many of
 * those the filter's statistics check left to decode.
 */
public final class ScanMetrics {
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong filteredRowGroups = new AtomicLong();
  private final AtomicLong rowGroupsRead = new AtomicLong();

  void fileOpened() {
    files.incrementAndGet();
  }

  void rowGroups(int total, int read) {
    filteredRowGroups.addAndGet(total);
    rowGroupsRead.addAndGet(read);
  }

  /** Data files opened. */
  public long files() {
    return files.get();
  }

  /** Row groups in the files read with a pushed filter. */
  public long filteredRowGroups() {
    return filteredRowGroups.get();
  }

  /** Of {@link #filteredRowGroups}, those whose statistics allow a matching row: decoded. */
  public long rowGroupsRead() {
    return rowGroupsRead.get();
  }

  @Override
  public String toString() {
    return "files="
        + files()
        + ", rowGroupsRead="
        + rowGroupsRead()
        + " of "
        + filteredRowGroups()
        + " (filtered)";
  }
}
