package dev.sheaf.index.vector;

import static java.util.Objects.requireNonNull;

/**
 * The vectors of one data file, in row order: {@code rowIds[i]} is the table's {@code _rowid} of
 * the row at position i, {@code vectors[i]} its vector or null (a NULL cell, not indexed).
 */
public record FileVectors(String file, long[] rowIds, float[][] vectors) {
  public FileVectors {
    requireNonNull(file, "file is null");
    requireNonNull(rowIds, "rowIds is null");
    requireNonNull(vectors, "vectors is null");
    if (rowIds.length != vectors.length) {
      throw new IllegalArgumentException("one row id per vector");
    }
  }
}
