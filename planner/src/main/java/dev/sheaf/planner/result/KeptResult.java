package dev.sheaf.planner.result;

import static java.util.Objects.requireNonNull;

/**
 * A query result kept on disk to be read in partitions: its id (what tickets name), its rows and
 * its size in bytes. Partition {@code i} of {@code n} holds rows {@code i * rows / n} up to {@code
 * (i + 1) * rows / n}, in the result's order.
 */
public record KeptResult(String id, long rows, long bytes) {
  public KeptResult {
    requireNonNull(id, "id is null");
  }

  /** The first row of partition {@code index} of {@code count}. */
  public long first(int index, int count) {
    return index * rows / count;
  }

  /** The rows of partition {@code index} of {@code count}. */
  public long partitionRows(int index, int count) {
    return first(index + 1, count) - first(index, count);
  }
}
