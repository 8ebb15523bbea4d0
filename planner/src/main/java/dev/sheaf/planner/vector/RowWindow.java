package dev.sheaf.planner.vector;

/**
 * Partition {@code index} of {@code count} of a table scan: the rows from {@code index * T / count}
 * up to {@code (index + 1) * T / count} of the T rows in the scan's data files, taken in file path
 * order. For one snapshot and one query the partitions are disjoint, cover every row once, differ
 * in size by at most one row before filtering, and are the same each time they are read.
 */
public record RowWindow(int index, int count) {
  public static final RowWindow ALL = new RowWindow(0, 1);

  /**
   * Where a statement's {@code DataContext} holds the window its table scan reads: compiled plans
   * stay the same (and cacheable) for every partition; only the context of one execution differs.
   */
  public static final String CONTEXT_KEY = "sheaf.rowWindow";

  public RowWindow {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("partition " + index + " of " + count);
    }
  }

  long first(long totalRows) {
    return index * totalRows / count;
  }

  long end(long totalRows) {
    return (index + 1) * totalRows / count;
  }
}
