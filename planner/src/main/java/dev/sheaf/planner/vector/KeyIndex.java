package dev.sheaf.planner.vector;

import org.apache.arrow.vector.FieldVector;

/** Numbers the distinct keys of rows: a hash join's build side, an aggregate's groups. */
interface KeyIndex {
  /**
   * The number of row {@code row}'s key, added when new.
   *
   * @return the number, or {@code -(number + 1)} when the row's key was new
   */
  int groupOf(FieldVector[] keys, int row);

  /** The number of row {@code row}'s key, or -1 when it has none; nothing is added. */
  int find(FieldVector[] keys, int row);

  /**
   * The index for key columns of these vectors' types: a table of longs for one integer-like column
   * (BIGINT, INTEGER, DATE, TIMESTAMP), else a {@link GroupTable} of key bytes.
   */
  static KeyIndex of(FieldVector[] keys) {
    if (keys.length == 1 && LongKeys.reads(keys[0])) {
      return new LongKeys();
    }
    return new GroupTable(false);
  }
}
