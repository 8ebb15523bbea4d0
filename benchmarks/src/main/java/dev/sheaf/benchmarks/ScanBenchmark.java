package dev.sheaf.benchmarks;

import dev.sheaf.planner.SheafEngine;
import dev.sheaf.planner.exec.StatementResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A full scan of the benchmark table into Arrow, in-process: {@code SELECT *} drained batch by
 * batch through the result's {@link ArrowReader}. The peer is pyarrow.dataset reading the same
 * Parquet files into Arrow.
 */
final class ScanBenchmark {
  static final String SQL = "SELECT * FROM " + ExampleTable.NAME;

  private final SheafEngine engine;

  ScanBenchmark(SheafEngine engine) {
    this.engine = engine;
  }

  /** Runs the scan once and returns the number of rows it produced. */
  long run() {
    long rows = 0;
    try (StatementResult result = engine.execute(SQL)) {
      ArrowReader reader = result.rows();
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
