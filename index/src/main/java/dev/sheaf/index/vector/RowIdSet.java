package dev.sheaf.index.vector;

import java.util.Arrays;
import org.apache.lucene.util.FixedBitSet;

/**
 * A set of row ids: a bit set over their range when that is dense enough (at most 64 bits per id,
 * as row ids mostly are: numbered in insert order), else sorted for lookups by binary search.
 */
public final class RowIdSet {
  private final long[] sorted;
  private final long first;
  private final FixedBitSet dense;

  private RowIdSet(long[] sorted) {
    this.sorted = sorted;
    this.first = sorted.length == 0 ? 0 : sorted[0];
    long span = sorted.length == 0 ? 0 : sorted[sorted.length - 1] - first + 1;
    if (sorted.length > 0 && span <= 64L * sorted.length && span < Integer.MAX_VALUE) {
      dense = new FixedBitSet((int) span);
      for (long rowId : sorted) {
        dense.set((int) (rowId - first));
      }
    } else {
      dense = null;
    }
  }

  public static RowIdSet of(long[] rowIds) {
    long[] sorted = rowIds.clone();
    Arrays.sort(sorted);
    return new RowIdSet(sorted);
  }

  public boolean contains(long rowId) {
    if (dense != null) {
      long offset = rowId - first;
      return offset >= 0 && offset < dense.length() && dense.get((int) offset);
    }
    return Arrays.binarySearch(sorted, rowId) >= 0;
  }

  public int size() {
    return sorted.length;
  }
}
