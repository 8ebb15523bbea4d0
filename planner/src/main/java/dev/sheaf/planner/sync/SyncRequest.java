package dev.sheaf.planner.sync;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code SYNC TABLE schema.table FROM SOURCE source KEY (keys) [CURSOR cursor] [DELETE MISSING]}.
 *
 * @param cursor the cursor column, or null to read the whole source each time
 */
public record SyncRequest(
    String schema,
    String table,
    String source,
    List<String> keys,
    String cursor,
    boolean deleteMissing) {
  public SyncRequest {
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
    requireNonNull(source, "source is null");
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
  }
}
