package dev.sheaf.index.vector;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.LongPredicate;

/**
 * One search of an index: the query vector, how many rows, how many candidates the graph search
 * keeps ({@code efSearch}, at least k), the data files of the table version searched (documents of
 * other files are invisible), each with the row ids that delete files hide in it (merge-on-read
 * deletes apply per file: an updated row's old version is hidden, its new one in a newer file is
 * not), and the row ids the statement's WHERE keeps (null: every row).
 */
public record VectorSearch(
    float[] query, int k, int efSearch, Map<String, LongPredicate> files, RowIdSet rowIds) {
  /** For a file no delete applies to. */
  public static final LongPredicate NOTHING_HIDDEN = rowId -> false;

  public VectorSearch {
    requireNonNull(query, "query is null");
    requireNonNull(files, "files is null");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    files = Map.copyOf(files);
  }
}
