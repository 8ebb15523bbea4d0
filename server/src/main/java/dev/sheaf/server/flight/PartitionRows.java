package dev.sheaf.server.flight;

import dev.sheaf.planner.exec.StatementResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Counts the rows of one partition by reading it on the server, so that clients can give every
 * training rank the same number of batches without downloading the data first.
 */
final class PartitionRows {
  private PartitionRows() {}

  /**
   * The query that counts a split query's rows without computing its columns: {@code SELECT 1 FROM
   * (sql)}. Calcite drops the unused projections (a {@code fetch(img)} is not read to count its
   * row); the filters stay, and the query still splits at the same scan, so each window counts the
   * rows the same window of {@code sql} gives.
   */
  static String countingQuery(String sql) {
    // the newline ends a trailing line comment of the query
    return "SELECT 1 FROM (" + sql.strip() + "\n) AS sheaf_counted";
  }

  static long count(StatementResult result) {
    try (result) {
      ArrowReader reader = result.rows();
      long rows = 0;
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
