package dev.sheaf.planner.exec;

import java.util.List;

/**
 * A query planned for partitioned reading: its result columns, the snapshot it is pinned to (null
 * when the query does not read one table scan, and then it has one partition), the table version of
 * that snapshot, and the number of partitions.
 */
public record PartitionPlan(
    List<ResultColumn> columns, TablePin pin, long version, int partitions) {
  public PartitionPlan {
    columns = List.copyOf(columns);
    if (partitions < 1 || (pin == null && partitions != 1)) {
      throw new IllegalArgumentException("partitions " + partitions + " with pin " + pin);
    }
  }
}
