package dev.sheaf.benchmarks;

import dev.sheaf.catalog.media.cache.CacheLease;
import dev.sheaf.catalog.media.cache.MediaCache;
import dev.sheaf.catalog.media.cache.MediaCacheSettings;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.catalog.media.s3.S3MediaStore;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Media fetches from a loopback S3 server (S3Proxy): cold-cache fetches of N objects through {@link
 * MediaCache} by C concurrent callers against a plain AWS SDK v2 async loop that GETs the same
 * objects into files with C requests in flight ({@link PlainS3Fetch}); then warm-cache reads
 * (lease, read the file, close) against reading the same files straight from local disk with C
 * threads. Prints one JSON line per figure.
 *
 * <pre>MediaFetchBenchmark --dir DIR [--objects N] [--size BYTES] [--callers C] [--runs R]</pre>
 */
public final class MediaFetchBenchmark {
  private MediaFetchBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int objects = 10_000;
    int size = 100 * 1024;
    int callers = 64;
    int runs = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--objects" -> objects = Integer.parseInt(args[i + 1]);
        case "--size" -> size = Integer.parseInt(args[i + 1]);
        case "--callers" -> callers = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Cannot read argument '" + args[i] + "'");
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("Cannot run the media benchmark: give --dir DIR");
    }
    run(dir, objects, size, callers, runs, System.out);
  }

  /** Runs the benchmark, prints each run's figures as a JSON line and returns them. */
  static List<Map<String, Object>> run(
      Path dir, int objects, int size, int callers, int runs, PrintStream out) throws Exception {
    List<Map<String, Object>> figures = new ArrayList<>();
    Files.createDirectories(dir);
    try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
      S3MediaProfile profile =
          S3MediaProfile.of(
                  "bench", s3.endpoint(), s3.region(), s3.accessKeyId(), s3.secretAccessKey())
              .withBucketPatterns(List.of(s3.bucket()));
      try (S3MediaStore store = new S3MediaStore(List.of(profile));
          PlainS3Fetch plain = new PlainS3Fetch(profile, s3.bucket())) {
        List<BlobPin> pins = seed(store, s3.bucket(), objects, size, callers);
        // warm-up of both paths on a tenth of the objects
        List<BlobPin> few = pins.subList(0, Math.max(1, objects / 10));
        cold(store, few, dir.resolve("warmup-cache"), callers);
        plain.fetch(few, dir.resolve("warmup-plain"), callers);
        for (int run = 1; run <= runs; run++) {
          Path cacheDir = dir.resolve("cache-" + run);
          Path plainDir = dir.resolve("plain-" + run);
          // the order alternates between runs, so neither side always meets a warmer server
          double plainSeconds = run % 2 == 1 ? plain.fetch(pins, plainDir, callers) : 0;
          double coldSeconds;
          double warmSeconds;
          double diskSeconds;
          try (MediaCache cache = openCache(cacheDir, callers)) {
            coldSeconds = timed(() -> readAll(cache, store, pins, callers, false));
            warmSeconds = timed(() -> readAll(cache, store, pins, callers, true));
            if (cache.stats().downloads() != pins.size()) {
              throw new IllegalStateException("Cannot trust the run: " + cache.stats());
            }
          }
          if (run % 2 == 0) {
            plainSeconds = plain.fetch(pins, plainDir, callers);
          }
          diskSeconds = timed(() -> readFiles(plainDir, callers));
          Map<String, Object> figure = new LinkedHashMap<>();
          figure.put("benchmark", "media_fetch");
          figure.put("run", run);
          figure.put("objects", objects);
          figure.put("object_bytes", size);
          figure.put("callers", callers);
          figure.put("cold_cache_seconds", coldSeconds);
          figure.put("plain_sdk_seconds", plainSeconds);
          figure.put("cold_ratio", plainSeconds / coldSeconds);
          figure.put("warm_cache_seconds", warmSeconds);
          figure.put("local_disk_seconds", diskSeconds);
          figure.put("warm_ratio", diskSeconds / warmSeconds);
          out.println(JsonLine.of(figure));
          figures.add(figure);
          deleteTree(cacheDir);
          deleteTree(plainDir);
        }
      }
    }
    return figures;
  }

  private static MediaCache openCache(Path dir, int callers) {
    return MediaCache.open(
        MediaCacheSettings.defaults(dir).withBudgetBytes(1L << 40).withDownloadsPerStore(callers));
  }

  private static void cold(S3MediaStore store, List<BlobPin> pins, Path dir, int callers)
      throws Exception {
    try (MediaCache cache = openCache(dir, callers)) {
      readAll(cache, store, pins, callers, true);
    }
    deleteTree(dir);
  }

  private static List<BlobPin> seed(
      S3MediaStore store, String bucket, int objects, int size, int callers) throws Exception {
    List<Future<BlobPin>> writes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      for (int i = 0; i < objects; i++) {
        int index = i;
        writes.add(
            pool.submit(
                () -> {
                  byte[] bytes = new byte[size];
                  new Random(index).nextBytes(bytes);
                  java.net.URI uri =
                      java.net.URI.create(
                          "s3://" + bucket + "/bench/" + (index % 100) + "/object-" + index);
                  return store.write(uri, new ByteArrayInputStream(bytes), size, null).pin();
                }));
      }
      List<BlobPin> pins = new ArrayList<>();
      for (Future<BlobPin> write : writes) {
        pins.add(write.get());
      }
      return pins;
    }
  }

  /** Every pin through the cache by {@code callers} threads; {@code read} reads each file too. */
  private static long readAll(
      MediaCache cache, S3MediaStore store, List<BlobPin> pins, int callers, boolean read)
      throws Exception {
    AtomicLong bytes = new AtomicLong();
    AtomicLong next = new AtomicLong();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        workers.add(
            pool.submit(
                () -> {
                  for (long i = next.getAndIncrement();
                      i < pins.size();
                      i = next.getAndIncrement()) {
                    try (CacheLease lease = cache.open(pins.get((int) i), store)) {
                      bytes.addAndGet(
                          read ? Files.readAllBytes(lease.path()).length : lease.size());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    }
    return bytes.get();
  }

  private static long readFiles(Path dir, int callers) throws Exception {
    List<Path> files;
    try (var walk = Files.list(dir)) {
      files = walk.toList();
    }
    AtomicLong bytes = new AtomicLong();
    AtomicLong next = new AtomicLong();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        workers.add(
            pool.submit(
                () -> {
                  for (long i = next.getAndIncrement();
                      i < files.size();
                      i = next.getAndIncrement()) {
                    bytes.addAndGet(Files.readAllBytes(files.get((int) i)).length);
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    }
    return bytes.get();
  }

  interface Body {
    Object run() throws Exception;
  }

  static double timed(Body body) throws Exception {
    long begin = System.nanoTime();
    body.run();
    return (System.nanoTime() - begin) / 1e9;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
