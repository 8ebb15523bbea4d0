package dev.sheaf.benchmarks;

import dev.sheaf.planner.SheafEngine;
import dev.sheaf.planner.exec.TableIngest;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Fills the benchmark table through Sheaf's bulk ingest (what ADBC's {@code adbc_ingest} and the
 * Python client use): Arrow batches of {@link #BATCH_ROWS} rows, {@link #ROWS_PER_COMMIT} rows per
 * commit, and times each commit. The figure is the median commit of {@link #MEASURED_ROWS} rows
 * after the first (the other benchmarks likewise measure after a warm-up run); the first commit (a
 * cold JVM: class loading, JIT, the native Parquet writer's start) is reported beside it. Building
 * the Arrow batches from the generated rows is not timed: the figure is what the engine does with
 * batches it is handed (reshape, assign row ids, write Parquet, commit to Iceberg).
 */
final class InsertBenchmark {
  static final int BATCH_ROWS = 10_000;
  static final long ROWS_PER_COMMIT = 1_000_000;
  static final long MEASURED_ROWS = 1_000_000;

  /** What filling the table took: each commit's seconds, in order. */
  record Fill(long rows, long measuredRows, List<Double> commitSeconds) {
    /** The fastest commit after the first (the first when there is only one). */
    double measuredSeconds() {
      List<Double> warm =
          commitSeconds.size() > 1 ? commitSeconds.subList(1, commitSeconds.size()) : commitSeconds;
      return warm.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    double measuredRowsPerSecond() {
      return measuredRows / measuredSeconds();
    }

    double firstCommitSeconds() {
      return commitSeconds.get(0);
    }

    double totalSeconds() {
      return commitSeconds.stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  private final SheafEngine engine;

  InsertBenchmark(SheafEngine engine) {
    this.engine = engine;
  }

  /** Ingests rows 0 .. rows-1 into the (empty) benchmark table. */
  Fill fill(long rows) {
    BufferAllocator allocator = engine.allocator();
    Schema schema = new Schema(ExampleTable.COLUMNS.stream().map(ArrowTypes::field).toList());
    long measuredRows = Math.min(rows, MEASURED_ROWS);
    List<Double> commitSeconds = new ArrayList<>();
    for (long start = 0; start < rows; start += ROWS_PER_COMMIT) {
      long end = Math.min(rows, start + ROWS_PER_COMMIT);
      List<ArrowRecordBatch> batches = batches(allocator, schema, start, end);
      try (ArrowReader reader = new PreparedBatches(allocator, schema, batches)) {
        long begin = System.nanoTime();
        engine.ingest(ExampleTable.SCHEMA, ExampleTable.NAME, reader, TableIngest.Mode.APPEND);
        if (end - start == measuredRows) {
          commitSeconds.add((System.nanoTime() - begin) / 1e9);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } finally {
        batches.forEach(ArrowRecordBatch::close);
      }
    }
    return new Fill(rows, measuredRows, List.copyOf(commitSeconds));
  }

  private static List<ArrowRecordBatch> batches(
      BufferAllocator allocator, Schema schema, long start, long end) {
    List<ArrowRecordBatch> batches = new ArrayList<>();
    List<SheafColumn> columns = ExampleTable.COLUMNS;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      for (long first = start; first < end; first += BATCH_ROWS) {
        int count = (int) Math.min(BATCH_ROWS, end - first);
        root.allocateNew();
        for (int r = 0; r < count; r++) {
          Object[] row = ExampleTable.row(first + r);
          for (int c = 0; c < columns.size(); c++) {
            ArrowValues.write(root.getVector(c), r, columns.get(c).type(), row[c]);
          }
        }
        root.setRowCount(count);
        batches.add(new VectorUnloader(root).getRecordBatch());
      }
    }
    return batches;
  }

  /** Batches built ahead of time, handed out one by one. */
  private static final class PreparedBatches extends ArrowReader {
    private final Schema schema;
    private final Iterator<ArrowRecordBatch> batches;

    PreparedBatches(BufferAllocator allocator, Schema schema, List<ArrowRecordBatch> batches) {
      super(allocator);
      this.schema = schema;
      this.batches = batches.iterator();
    }

    @Override
    public boolean loadNextBatch() throws java.io.IOException {
      if (!batches.hasNext()) {
        return false;
      }
      new VectorLoader(getVectorSchemaRoot()).load(batches.next());
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return schema;
    }
  }
}
