package dev.sheaf.index.vector;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * One search of an index: the query vector, how many rows, how many candidates the graph search
 * keeps ({@code efSearch}, at least k), the data files of the table version searched (documents of
 * other files are invisible), and the row ids the statement's WHERE keeps (null: every row).
 */
public record VectorSearch(float[] query, int k, int efSearch, Set<String> files, RowIdSet rowIds) {
  public VectorSearch {
    requireNonNull(query, "query is null");
    requireNonNull(files, "files is null");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    files = Set.copyOf(files);
  }
}
