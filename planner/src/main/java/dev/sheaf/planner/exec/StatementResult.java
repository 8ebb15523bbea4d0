package dev.sheaf.planner.exec;

import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * What a statement returns: rows as Arrow batches (queries, EXPLAIN, SHOW), or the number of rows a
 * write changed (-1 for DDL). Closing the result releases its Arrow buffers and open files.
 */
public record StatementResult(ArrowReader rows, long updateCount) implements AutoCloseable {
  public static StatementResult update(long count) {
    return new StatementResult(null, count);
  }

  public boolean isQuery() {
    return rows != null;
  }

  @Override
  public void close() {
    if (rows != null) {
      try {
        rows.close();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
