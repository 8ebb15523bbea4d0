package dev.sheaf.planner.exec;

import dev.sheaf.planner.result.KeptResult;
import java.util.List;

/**
 * A query planned for partitioned reading: its result columns, and how its partitions are read. A
 * query that splits at its table scan has the snapshot it is pinned to ({@code pin}), the table
 * version of that snapshot, and partitions that are row windows of the scan. A query that does not
 * split has either a {@code kept} result, computed once and read in row ranges, or neither, and
 * then one partition (the query is read whole).
 */
public record PartitionPlan(
    List<ResultColumn> columns, TablePin pin, long version, int partitions, KeptResult kept) {
  public PartitionPlan {
    columns = List.copyOf(columns);
    if (partitions < 1
        || (pin != null && kept != null)
        || (pin == null && kept == null && partitions != 1)) {
      throw new IllegalArgumentException(
          "partitions " + partitions + " with pin " + pin + " and kept result " + kept);
    }
  }

  public PartitionPlan(List<ResultColumn> columns, TablePin pin, long version, int partitions) {
    this(columns, pin, version, partitions, null);
  }
}
