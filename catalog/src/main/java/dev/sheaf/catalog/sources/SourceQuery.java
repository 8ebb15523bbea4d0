package dev.sheaf.catalog.sources;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a sync asks of a source.
 *
 * @param keys the key columns
 * @param cursorColumn the cursor column, or null to read every row
 * @param cursorAfter read only rows whose cursor is greater than this (a Sheaf row value of the
 *     cursor's type), or null for every row
 * @param allKeys also read the keys of every row of the source (DELETE MISSING with a cursor)
 */
public record SourceQuery(
    List<String> keys, String cursorColumn, Object cursorAfter, boolean allKeys) {
  public SourceQuery {
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
  }
}
