package dev.sheaf.planner.exec;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Stops a statement that gathers rows on the heap (the rows a DML statement writes, a CREATE TABLE
 * AS result, bound parameter rows) before it fills the heap: every few thousand rows it looks at
 * how full the old generation was after its last collection, which counts only live objects, and
 * past {@link #LIMIT} of its maximum it fails the statement with OUT_OF_MEMORY. The rows it held
 * become garbage and the server goes on serving; nothing was committed.
 */
public final class HeapGuard {
  /** The share of the old generation that live objects may fill before a statement is stopped. */
  static final double LIMIT = 0.85;

  private static final int EVERY = 4096;

  private static final List<MemoryPoolMXBean> TENURED =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .filter(MemoryPoolMXBean::isCollectionUsageThresholdSupported)
          .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
          .toList();

  private HeapGuard() {}

  /**
   * Called with the count of rows gathered so far; checks the heap every {@value #EVERY} rows.
   *
   * @param what what is being gathered, for the message ("the rows of the INSERT")
   */
  public static void check(long rows, String what) {
    check(
        rows,
        what,
        "write fewer rows per statement, load large data with bulk ingest, or give the server more"
            + " heap with SHEAF_HEAP");
  }

  /**
   * Like {@link #check(long, String)}, with the advice the error gives.
   *
   * @param advice what the caller can do instead ("group by fewer values")
   */
  public static void check(long rows, String what, String advice) {
    if (rows % EVERY == 0 && rows > 0 && full()) {
      throw SheafException.of(
          ErrorCode.OUT_OF_MEMORY,
          "Cannot hold %s: after %d rows the server's heap is more than %d%% full (%s)",
          what,
          rows,
          Math.round(LIMIT * 100),
          advice);
    }
  }

  /** Whether live objects fill more than {@link #LIMIT} of the old generation. */
  static boolean full() {
    for (MemoryPoolMXBean pool : TENURED) {
      MemoryUsage afterCollection = pool.getCollectionUsage();
      long max = pool.getUsage().getMax();
      if (afterCollection != null && max > 0 && afterCollection.getUsed() > LIMIT * max) {
        return true;
      }
    }
    return false;
  }
}
