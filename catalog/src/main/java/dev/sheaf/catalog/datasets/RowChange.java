package dev.sheaf.catalog.datasets;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One row that differs between two versions of a table, told apart by its {@code _rowid}.
 *
 * @param before the row's visible values in the older version (column to value), null when added
 * @param after the row's visible values in the newer version, null when removed
 */
public record RowChange(
    Kind kind, long rowId, Map<String, Object> before, Map<String, Object> after) {
  /** How the row changed. */
  public enum Kind {
    ADDED,
    REMOVED,
    CHANGED
  }

  public RowChange {
    requireNonNull(kind, "kind is null");
  }
}
