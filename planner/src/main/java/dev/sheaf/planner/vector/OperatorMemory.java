package dev.sheaf.planner.vector;

import dev.sheaf.planner.exec.HeapGuard;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.math.BigDecimal;

/**
 * The heap an Arrow operator holds (a hash join's build side, a sort's rows, an aggregate's
 * groups), estimated as it grows and held to a budget: a share of the server's maximum heap
 * ({@value #DEFAULT_SHARE} unless the JVM property {@code sheaf.operator-heap-share} says
 * otherwise). Past it the query fails with OUT_OF_MEMORY before the heap fills (the JVM would
 * otherwise exit on OutOfMemoryError); the heap guard still watches the heap as a whole, for many
 * queries at once. Nothing spills to disk.
 */
final class OperatorMemory {
  static final double DEFAULT_SHARE = 0.4;

  private final String what;
  private final String advice;
  private final long budget;
  private long used;
  private long rows;

  /**
   * @param what what the operator holds, for the message ("the build side of the hash join")
   * @param advice what the user can do instead
   */
  OperatorMemory(String what, String advice) {
    this.what = what;
    this.advice = advice;
    this.budget = (long) (Runtime.getRuntime().maxMemory() * share());
  }

  /** Counts one more held row of values. */
  void addRow(Object[] values) {
    add(rowBytes(values));
  }

  /** Counts {@code bytes} more held bytes, as one more row. */
  void add(long bytes) {
    used += bytes;
    rows++;
    if (used > budget) {
      throw SheafException.of(
          ErrorCode.OUT_OF_MEMORY,
          "Cannot hold %s: after %d rows it needs more than %d MB, its share of the server's heap"
              + " (%s)",
          what,
          rows,
          budget >> 20,
          advice);
    }
    HeapGuard.check(rows, what, advice);
  }

  private static double share() {
    String value = System.getProperty("sheaf.operator-heap-share");
    try {
      double share = value == null ? DEFAULT_SHARE : Double.parseDouble(value);
      return share > 0 && share <= 1 ? share : DEFAULT_SHARE;
    } catch (NumberFormatException e) {
      return DEFAULT_SHARE;
    }
  }

  /** An estimate of the heap one row of Sheaf or Calcite values takes, the array included. */
  static long rowBytes(Object[] values) {
    long bytes = 16 + 4L * values.length;
    for (Object value : values) {
      bytes += valueBytes(value);
    }
    return bytes;
  }

  private static long valueBytes(Object value) {
    if (value == null || value instanceof Boolean) {
      return 0;
    }
    if (value instanceof String text) {
      return 24 + 16 + text.length();
    }
    if (value instanceof byte[] bytes) {
      return 16 + bytes.length;
    }
    if (value instanceof float[] floats) {
      return 16 + 4L * floats.length;
    }
    if (value instanceof BigDecimal) {
      return 40;
    }
    return 16; // a boxed number
  }
}
