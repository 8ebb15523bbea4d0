package dev.sheaf.planner.exec;

import static java.util.Objects.requireNonNull;

/**
 * A table read at a fixed snapshot: how a partitioned query keeps every partition, and every retry
 * of one, on the same rows while other statements commit.
 */
public record TablePin(String schema, String table, long snapshotId) {
  public TablePin {
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
  }
}
