package dev.sheaf.benchmarks;

import dev.sheaf.catalog.TableWrites;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;

/**
 * Fills the benchmark table through {@link TableWrites#append}, one commit per batch, and times the
 * appends of the first {@link #MEASURED_ROWS} rows. Generating the rows is not timed: the figure is
 * what the engine does with rows it is handed (write Parquet, commit to Iceberg).
 */
final class InsertBenchmark {
  static final int BATCH_ROWS = 10_000;
  static final long MEASURED_ROWS = 1_000_000;

  /** What filling the table took. */
  record Fill(long rows, long measuredRows, double measuredSeconds, double totalSeconds) {
    double measuredRowsPerSecond() {
      return measuredRows / measuredSeconds;
    }
  }

  private final TableWrites writes;

  InsertBenchmark(TableWrites writes) {
    this.writes = writes;
  }

  /** Appends rows 0 .. rows-1 to an empty table, {@link #BATCH_ROWS} per commit. */
  Fill fill(Table table, long rows) {
    long measuredRows = Math.min(rows, MEASURED_ROWS);
    long elapsed = 0;
    long measuredNanos = 0;
    for (long start = 0; start < rows; start += BATCH_ROWS) {
      int count = (int) Math.min(BATCH_ROWS, rows - start);
      List<Object[]> batch = new ArrayList<>(count);
      for (long index = start; index < start + count; index++) {
        batch.add(ExampleTable.row(index));
      }
      long begin = System.nanoTime();
      writes.append(table, null, batch);
      elapsed += System.nanoTime() - begin;
      if (start + count == measuredRows) {
        measuredNanos = elapsed;
      }
    }
    if (measuredNanos == 0) {
      measuredNanos = elapsed;
    }
    return new Fill(rows, measuredRows, measuredNanos / 1e9, elapsed / 1e9);
  }
}
