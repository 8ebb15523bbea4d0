package dev.sheaf.index.text;

import static java.util.Objects.requireNonNull;

import dev.sheaf.index.vector.RowIdSet;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * One search of a full-text index: the query (Lucene's classic query syntax: terms, {@code
 * "phrases"}, {@code +required -excluded}, {@code prefix*}, {@code term^2}), how many rows, the
 * data files of the table version searched, each with the row ids its delete files hide, and the
 * row ids the statement's WHERE keeps (null: every row).
 */
public record TextSearch(String query, int k, Map<String, LongPredicate> files, RowIdSet rowIds) {
  public TextSearch {
    requireNonNull(query, "query is null");
    requireNonNull(files, "files is null");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    files = Map.copyOf(files);
  }
}
