package dev.sheaf.benchmarks;

import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.catalog.media.s3.S3MediaStore;
import dev.sheaf.planner.SheafEngine;
import dev.sheaf.planner.exec.StatementResult;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.testing.S3TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Media functions in SQL over objects in a loopback S3 server (S3Proxy): a table of N IMAGE
 * references ({@code s3://} URIs of 224x224 JPEGs, pinned at insert) read with {@code SELECT
 * fetch(img) FROM t} and {@code SELECT width(img) FROM t}, each run on a fresh engine with an empty
 * media cache (cold), then the fetch again on the same engine (warm); against a plain AWS SDK v2
 * async loop GETting the same objects into files with 32 requests in flight ({@link PlainS3Fetch}).
 * Prints one JSON line per run.
 *
 * <pre>MediaQueryBenchmark --dir DIR [--objects N] [--runs R]</pre>
 *
 * <p>The JVM property {@code sheaf.media-prefetch-rows=0} turns the scan's concurrent prefetch off,
 * to compare with the row-at-a-time reads.
 */
public final class MediaQueryBenchmark {
  private static final int PEER_CONCURRENCY = 32;

  private MediaQueryBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int objects = 2_000;
    int runs = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--objects" -> objects = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Cannot read argument '" + args[i] + "'");
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("Cannot run the media query benchmark: give --dir DIR");
    }
    run(dir, objects, runs, System.out);
  }

  /** Runs the benchmark, prints each run's figures as a JSON line and returns them. */
  static List<Map<String, Object>> run(Path dir, int objects, int runs, PrintStream out)
      throws Exception {
    List<Map<String, Object>> figures = new ArrayList<>();
    Files.createDirectories(dir);
    try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
      S3MediaProfile profile =
          S3MediaProfile.of(
                  "bench", s3.endpoint(), s3.region(), s3.accessKeyId(), s3.secretAccessKey())
              .withBucketPatterns(List.of(s3.bucket()));
      Path data = dir.resolve("data");
      List<BlobPin> pins;
      try (S3MediaStore store = new S3MediaStore(List.of(profile))) {
        pins = seed(store, s3.bucket(), objects);
      }
      try (SheafEngine engine = SheafEngine.open(data, media(data, profile, "insert"))) {
        update(engine, "CREATE TABLE t (id INTEGER, img IMAGE)");
        for (int from = 0; from < objects; from += 500) {
          StringBuilder values = new StringBuilder();
          for (int i = from; i < Math.min(objects, from + 500); i++) {
            values.append(i == from ? "" : ", ").append("(").append(i).append(", '");
            values.append(pins.get(i).uri()).append("')");
          }
          update(engine, "INSERT INTO t VALUES " + values);
        }
      }
      try (PlainS3Fetch plain = new PlainS3Fetch(profile, s3.bucket())) {
        // warm-up: the JIT, S3Proxy's JVM and the code generation of both statements
        try (SheafEngine engine = SheafEngine.open(data, media(data, profile, "warmup"))) {
          drain(engine, "SELECT fetch(img) FROM t WHERE id < " + Math.max(1, objects / 10));
          drain(engine, "SELECT width(img) FROM t WHERE id < " + Math.max(1, objects / 10));
        }
        plain.fetch(pins.subList(0, Math.max(1, objects / 10)), dir.resolve("plain-warmup"), 32);
        for (int run = 1; run <= runs; run++) {
          Map<String, Object> figure = new LinkedHashMap<>();
          figure.put("benchmark", "media_query");
          figure.put("run", run);
          figure.put("objects", objects);
          figure.put("prefetch_rows", Integer.getInteger("sheaf.media-prefetch-rows", -1));
          try (SheafEngine engine = SheafEngine.open(data, media(data, profile, "fetch-" + run))) {
            long[] bytes = new long[1];
            double cold =
                MediaFetchBenchmark.timed(
                    () -> bytes[0] = drain(engine, "SELECT fetch(img) FROM t"));
            double warm =
                MediaFetchBenchmark.timed(() -> drain(engine, "SELECT fetch(img) FROM t"));
            figure.put("fetch_cold_seconds", cold);
            figure.put("fetch_bytes", bytes[0]);
            figure.put("fetch_warm_seconds", warm);
          }
          try (SheafEngine engine = SheafEngine.open(data, media(data, profile, "width-" + run))) {
            figure.put(
                "width_cold_seconds",
                MediaFetchBenchmark.timed(() -> drain(engine, "SELECT width(img) FROM t")));
          }
          Path plainDir = dir.resolve("plain-" + run);
          figure.put("plain_sdk_seconds", plain.fetch(pins, plainDir, PEER_CONCURRENCY));
          figure.put("plain_sdk_concurrency", PEER_CONCURRENCY);
          out.println(JsonLine.of(figure));
          figures.add(figure);
          MediaFetchBenchmark.deleteTree(plainDir);
          MediaFetchBenchmark.deleteTree(data.resolve("cache-fetch-" + run));
          MediaFetchBenchmark.deleteTree(data.resolve("cache-width-" + run));
        }
      }
    }
    return figures;
  }

  /** The data directory's media settings with this S3 profile and a cache of its own. */
  private static MediaConfig media(Path data, S3MediaProfile profile, String cache) {
    MediaConfig defaults = MediaConfig.defaults(data).withS3Profiles(List.of(profile));
    return new MediaConfig(
        defaults.fileRoots(),
        defaults.allowPrivateAddresses(),
        data.toAbsolutePath().resolve("cache-" + cache),
        4L << 30,
        defaults.destination(),
        defaults.validation(),
        defaults.s3Profiles());
  }

  private static void update(SheafEngine engine, String sql) {
    engine.execute(sql).close();
  }

  /** Reads every batch of a query; the bytes of its binary cells. */
  private static long drain(SheafEngine engine, String sql) throws Exception {
    long bytes = 0;
    try (StatementResult result = engine.execute(sql)) {
      VectorSchemaRoot root = result.rows().getVectorSchemaRoot();
      while (result.rows().loadNextBatch()) {
        for (FieldVector vector : root.getFieldVectors()) {
          if (vector instanceof VarBinaryVector binary) {
            for (int r = 0; r < root.getRowCount(); r++) {
              if (binary.isNull(r)) {
                throw new IllegalStateException("Cannot trust the run: row " + r + " is NULL");
              }
              bytes += binary.getValueLength(r);
            }
          }
        }
      }
    }
    return bytes;
  }

  /** Uploads N distinct 224x224 JPEGs of noise under {@code bench/}; their pins. */
  private static List<BlobPin> seed(S3MediaStore store, String bucket, int objects)
      throws Exception {
    List<Future<BlobPin>> writes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < objects; i++) {
        int index = i;
        writes.add(
            pool.submit(
                () -> {
                  byte[] bytes = jpeg(index);
                  URI uri = URI.create("s3://" + bucket + "/bench/" + index + ".jpg");
                  return store
                      .write(uri, new ByteArrayInputStream(bytes), bytes.length, "image/jpeg")
                      .pin();
                }));
      }
      List<BlobPin> pins = new ArrayList<>();
      for (Future<BlobPin> write : writes) {
        pins.add(write.get());
      }
      return pins;
    }
  }

  private static byte[] jpeg(int seed) throws Exception {
    BufferedImage image = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 224; x++) {
        image.setRGB(x, y, (x * 255 / 224) << 16 | (y * 255 / 224) << 8 | random.nextInt(64));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }
}
