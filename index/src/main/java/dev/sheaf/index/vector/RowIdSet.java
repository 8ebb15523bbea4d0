package dev.sheaf.index.vector;

import java.util.Arrays;

/** A set of row ids, held sorted for lookups by binary search. */
public final class RowIdSet {
  private final long[] sorted;

  private RowIdSet(long[] sorted) {
    this.sorted = sorted;
  }

  public static RowIdSet of(long[] rowIds) {
    long[] sorted = rowIds.clone();
    Arrays.sort(sorted);
    return new RowIdSet(sorted);
  }

  public boolean contains(long rowId) {
    return Arrays.binarySearch(sorted, rowId) >= 0;
  }

  public int size() {
    return sorted.length;
  }
}
