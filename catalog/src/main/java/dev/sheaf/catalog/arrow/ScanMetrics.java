package dev.sheaf.catalog.arrow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a scan's Parquet readers did, counted across the threads that decode its files: the files
 * opened and, for the files read with a pushed {@link RowFilter}, their row groups and how many of
 * those the filter's statistics check left to decode; of the files a point lookup read, the rows
 * whose filter columns it decoded.
 */
public final class ScanMetrics {
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong filteredRowGroups = new AtomicLong();
  private final AtomicLong rowGroupsRead = new AtomicLong();
  private final AtomicLong lookups = new AtomicLong();
  private final AtomicLong lookupRows = new AtomicLong();

  void fileOpened() {
    files.incrementAndGet();
  }

  void rowGroups(int total, int read) {
    filteredRowGroups.addAndGet(total);
    rowGroupsRead.addAndGet(read);
  }

  void lookedUp(long candidateRows) {
    lookups.incrementAndGet();
    lookupRows.addAndGet(candidateRows);
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

  /** Of {@link #files}, those read by the point lookup ({@code ParquetPointLookup}). */
  public long lookups() {
    return lookups.get();
  }

  /**
   * Rows whose filter columns the point lookups decoded: those of the pages the column index kept
   * in the row groups the statistics kept. The other columns are decoded at matching rows only.
   */
  public long lookupRows() {
    return lookupRows.get();
  }

  @Override
  public String toString() {
    return "files="
        + files()
        + ", rowGroupsRead="
        + rowGroupsRead()
        + " of "
        + filteredRowGroups()
        + " (filtered), lookups="
        + lookups()
        + " decoding "
        + lookupRows()
        + " rows";
  }
}
