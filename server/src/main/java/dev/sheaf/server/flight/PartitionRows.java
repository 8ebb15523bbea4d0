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
