package dev.sheaf.benchmarks;

import dev.sheaf.planner.SheafEngine;
import dev.sheaf.planner.exec.TableIngest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Backfill of a computed embedding: a table of N captions ({@link Captions}) loaded by bulk ingest,
 * then {@code ALTER TABLE t ADD COLUMN emb AS (embed_text('minilm', caption)) STORED}, timed from
 * the ALTER to the end of its backfill job (the model is loaded before, by one SELECT). Against
 * {@link PlainOnnxLoop}, the same model, tokenizer and batch size in a plain Java loop (the limit).
 * Prints one JSON line per run. The batch size and pool are the JVM properties {@code
 * sheaf.model.batch-size}, {@code sheaf.model.threads} and {@code sheaf.model.intra-op-threads}.
 *
 * <pre>EmbedBenchmark --dir DIR [--rows N] [--runs R]</pre>
 */
public final class EmbedBenchmark {
  private EmbedBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int rows = 20_000;
    int runs = 2;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--rows" -> rows = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Cannot read argument '" + args[i] + "'");
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("Give --dir DIR");
    }
    run(dir, rows, runs, Integer.getInteger("sheaf.model.batch-size", 32), System.out);
  }

  /** Runs the benchmark {@code runs} times; prints and returns one figure map per run. */
  static List<Map<String, Object>> run(
      Path dir, int rows, int runs, int batchSize, java.io.PrintStream out) throws Exception {
    List<Map<String, Object>> figures = new ArrayList<>();
    List<String> texts = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      texts.add(Captions.of(i));
    }
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      PlainOnnxLoop.run(texts, batchSize);
      double plain = (System.nanoTime() - start) / 1e9;

      Path data = dir.resolve("run-" + run);
      Files.createDirectories(data);
      double sheaf;
      try (SheafEngine engine = SheafEngine.open(data)) {
        engine.execute("CREATE TABLE captions (id BIGINT, caption VARCHAR)").close();
        try (ArrowReader reader = new CaptionBatches(engine.allocator(), rows)) {
          engine.ingest(null, "captions", reader, TableIngest.Mode.APPEND);
        }
        engine.execute("SELECT embed_text('minilm', 'warm up') AS v").close();
        start = System.nanoTime();
        engine
            .execute(
                "ALTER TABLE captions ADD COLUMN emb AS (embed_text('minilm', caption)) STORED")
            .close();
        if (!engine.jobs().await(Duration.ofHours(1))) {
          throw new IllegalStateException("the backfill did not finish: " + engine.jobs().list());
        }
        sheaf = (System.nanoTime() - start) / 1e9;
        var job = engine.jobs().list().get(0);
        if (job.rowsDone() != rows || job.errors() != 0) {
          throw new IllegalStateException("the backfill is not complete: " + job);
        }
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("benchmark", "embed_backfill");
      line.put("rows", rows);
      line.put("batch_size", batchSize);
      line.put("sheaf_seconds", sheaf);
      line.put("sheaf_rows_per_second", rows / sheaf);
      line.put("plain_java_seconds", plain);
      line.put("plain_java_rows_per_second", rows / plain);
      line.put("ratio_to_plain_java", plain / sheaf);
      out.println(JsonLine.of(line));
      figures.add(line);
    }
    return figures;
  }

  /** The captions table's rows, 8,192 per batch, generated as they are read. */
  private static final class CaptionBatches extends ArrowReader {
    private static final int BATCH = 8192;
    private final int rows;
    private int next;

    CaptionBatches(BufferAllocator allocator, int rows) {
      super(allocator);
      this.rows = rows;
    }

    @Override
    public boolean loadNextBatch() throws java.io.IOException {
      if (next >= rows) {
        return false;
      }
      var root = getVectorSchemaRoot();
      int count = Math.min(BATCH, rows - next);
      BigIntVector ids = (BigIntVector) root.getVector(0);
      VarCharVector captions = (VarCharVector) root.getVector(1);
      ids.allocateNew(count);
      captions.allocateNew(count);
      for (int r = 0; r < count; r++) {
        ids.set(r, next + r);
        captions.setSafe(
            r, Captions.of(next + r).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      root.setRowCount(count);
      next += count;
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
      return new Schema(
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("caption", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    }
  }
}
