package dev.sheaf.benchmarks;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.ingest.MediaMigration;
import dev.sheaf.catalog.ingest.MigrationProgress;
import dev.sheaf.catalog.ingest.MigrationRun;
import dev.sheaf.catalog.ingest.MigrationSettings;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.catalog.media.s3.S3MediaStore;
import dev.sheaf.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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

/**
 * Media migration between two buckets of a loopback S3 server (S3Proxy): N objects of 100 KB copied
 * by Sheaf's {@link MediaMigration} (SHA-256 while reading, Content-MD5 PUTs, checkpoints and
 * provenance in a SQLite catalog) against {@code rclone copy} of the same objects with the same
 * number of transfers and server-side copy disabled ({@code --disable copy}: the bytes go through
 * the client, as Sheaf's do; rclone checks each upload's MD5). Each run copies into fresh prefixes
 * (Sheaf with a fresh catalog: nothing to resume), after one warm-up copy by Sheaf; the order
 * alternates. Prints one JSON line per run.
 *
 * <pre>IngestBenchmark --dir DIR --rclone PATH [--objects N] [--size BYTES] [--concurrency C]
 * [--runs R]</pre>
 */
public final class IngestBenchmark {
  private static final String SOURCE_BUCKET = S3TestServer.BUCKET;
  private static final String TARGET_BUCKET = "sheaf-target";

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    String rclone = "rclone";
    int objects = 10_000;
    int size = 100 * 1024;
    int concurrency = 32;
    int runs = 2;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--rclone" -> rclone = args[i + 1];
        case "--objects" -> objects = Integer.parseInt(args[i + 1]);
        case "--size" -> size = Integer.parseInt(args[i + 1]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Cannot read argument '" + args[i] + "'");
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("Cannot run the ingest benchmark: give --dir DIR");
    }
    run(dir, rclone, objects, size, concurrency, runs, System.out);
  }

  static void run(
      Path dir, String rclone, int objects, int size, int concurrency, int runs, PrintStream out)
      throws Exception {
    // a bucket of S3Proxy's filesystem store is a folder under data/
    Files.createDirectories(dir.resolve("s3/data/" + TARGET_BUCKET));
    try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
      S3MediaProfile profile =
          S3MediaProfile.of(
                  "bench", s3.endpoint(), s3.region(), s3.accessKeyId(), s3.secretAccessKey())
              .withBucketPatterns(List.of(SOURCE_BUCKET, TARGET_BUCKET));
      try (S3MediaStore store = new S3MediaStore(List.of(profile))) {
        seed(store, objects, size, concurrency);
      }
      sheaf(dir, profile, 0, objects, concurrency); // warm-up: the JIT, the clients, the catalog
      for (int run = 1; run <= runs; run++) {
        double sheaf;
        double peer;
        if (run % 2 == 1) {
          sheaf = sheaf(dir, profile, run, objects, concurrency);
          peer = rclone(rclone, s3, run, objects, concurrency);
        } else {
          peer = rclone(rclone, s3, run, objects, concurrency);
          sheaf = sheaf(dir, profile, run, objects, concurrency);
        }
        Map<String, Object> figure = new LinkedHashMap<>();
        figure.put("benchmark", "media_ingest");
        figure.put("run", run);
        figure.put("objects", objects);
        figure.put("object_bytes", size);
        figure.put("concurrency", concurrency);
        figure.put("sheaf_seconds", sheaf);
        figure.put("sheaf_objects_per_second", objects / sheaf);
        figure.put("rclone_seconds", peer);
        figure.put("rclone_objects_per_second", objects / peer);
        figure.put("ratio", peer / sheaf);
        out.println(JsonLine.of(figure));
      }
    }
  }

  private static double sheaf(
      Path dir, S3MediaProfile profile, int run, int objects, int concurrency) {
    Path data = dir.resolve("sheaf-" + run);
    try (SheafCatalog catalog = SheafCatalog.open(CatalogConfig.embedded(data));
        MediaStores stores =
            MediaStores.withLocalFiles(MediaConfig.defaults(data))
                .register(new S3MediaStore(List.of(profile)))) {
      MigrationRun migration =
          MigrationRun.of(
              URI.create("s3://" + SOURCE_BUCKET + "/src/"),
              URI.create("s3://" + TARGET_BUCKET + "/sheaf-" + run + "/"),
              null,
              null);
      long start = System.nanoTime();
      MigrationProgress done =
          new MediaMigration(
                  stores,
                  catalog.ingestCheckpoints(),
                  MigrationSettings.defaults().withConcurrency(concurrency))
              .run(migration, null, progress -> {}, () -> false);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (done.copied() != objects || done.failed() != 0) {
        throw new IllegalStateException("Cannot trust the run: " + done);
      }
      return seconds;
    }
  }

  private static double rclone(
      String rclone, S3TestServer s3, int run, int objects, int concurrency)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                rclone,
                "copy",
                "bench:" + SOURCE_BUCKET + "/src",
                "bench:" + TARGET_BUCKET + "/rclone-" + run,
                "--transfers",
                Integer.toString(concurrency),
                "--checkers",
                Integer.toString(concurrency),
                "--disable",
                "copy")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> env = builder.environment();
    // the machine's AWS settings (a CA bundle, a profile) are not this server's
    env.keySet().removeIf(name -> name.startsWith("AWS_"));
    env.put("RCLONE_CONFIG_BENCH_TYPE", "s3");
    env.put("RCLONE_CONFIG_BENCH_PROVIDER", "Other");
    env.put("RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", s3.accessKeyId());
    env.put("RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", s3.secretAccessKey());
    env.put("RCLONE_CONFIG_BENCH_ENDPOINT", s3.endpoint().toString());
    env.put("RCLONE_CONFIG_BENCH_REGION", s3.region());
    env.put("RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true");
    long start = System.nanoTime();
    int status = builder.start().waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (status != 0) {
      throw new IllegalStateException("rclone exited with " + status);
    }
    long copied;
    try (var files = Files.walk(s3.dataDirectory().resolve(TARGET_BUCKET + "/rclone-" + run))) {
      copied = files.filter(Files::isRegularFile).count();
    }
    if (copied != objects) {
      throw new IllegalStateException("Cannot trust the rclone run: " + copied + " objects");
    }
    return seconds;
  }

  private static void seed(S3MediaStore store, int objects, int size, int concurrency)
      throws Exception {
    List<Future<?>> writes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
      for (int i = 0; i < objects; i++) {
        int index = i;
        writes.add(
            pool.submit(
                () -> {
                  byte[] bytes = new byte[size];
                  new Random(index).nextBytes(bytes);
                  URI uri =
                      URI.create(
                          "s3://" + SOURCE_BUCKET + "/src/" + (index % 100) + "/object-" + index);
                  return store.write(uri, new ByteArrayInputStream(bytes), size, null);
                }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    }
  }
}
