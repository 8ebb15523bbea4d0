package dev.sheaf.catalog.media.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.media.s3.S3MediaStore;
import dev.sheaf.catalog.media.s3.SharedS3Server;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.MediaStore;
import dev.sheaf.testing.FaultyProxy;
import dev.sheaf.testing.FaultyProxy.Fault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache over the loopback S3 server, reached through a proxy that counts requests and breaks
 * bodies on demand.
 */
class MediaCacheTest {
  private static FaultyProxy proxy;
  private static S3MediaStore direct;
  private static S3MediaStore store;

  @TempDir Path directory;

  @BeforeAll
  static void start() {
    proxy = FaultyProxy.start(SharedS3Server.get().endpoint());
    direct = new S3MediaStore(List.of(SharedS3Server.profile(SharedS3Server.get().endpoint(), 1)));
    store = new S3MediaStore(List.of(SharedS3Server.profile(proxy.endpoint(), 2)));
  }

  @AfterAll
  static void stop() {
    store.close();
    direct.close();
    proxy.close();
  }

  private static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Writes an object (not through the proxy) and returns its pin. */
  private static BlobPin put(String name, byte[] bytes) {
    URI uri = SharedS3Server.uri("cache/" + UUID.randomUUID() + "/" + name);
    return direct.write(uri, new ByteArrayInputStream(bytes), bytes.length, null).pin();
  }

  private static long gets(BlobPin pin) {
    return proxy.count("GET", pin.uri().getPath().replaceFirst("^", "/" + pin.uri().getHost()));
  }

  private MediaCache cache(long budget, int attempts) {
    return MediaCache.open(
        MediaCacheSettings.defaults(directory)
            .withBudgetBytes(budget)
            .withDownloadsPerStore(4)
            .withDownloadAttempts(attempts));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void concurrentCallersDownloadEachObjectOnce() throws Exception {
    List<BlobPin> pins = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      byte[] bytes = bytes(50_000 + i, i);
      contents.add(bytes);
      pins.add(put("o" + i + ".bin", bytes));
    }
    try (MediaCache cache = cache(100L << 20, 3);
        ExecutorService callers = Executors.newFixedThreadPool(16)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int caller = 0; caller < 16; caller++) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pins.size(); i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(caller));
        Callable<Integer> reads =
            () -> {
              go.await();
              int verified = 0;
              for (int i : order) {
                try (CacheLease lease = cache.open(pins.get(i), store)) {
                  assertThat(Files.readAllBytes(lease.path())).isEqualTo(contents.get(i));
                  verified++;
                }
              }
              return verified;
            };
        results.add(callers.submit(reads));
      }
      go.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(pins.size());
      }
      for (BlobPin pin : pins) {
        assertThat(gets(pin)).as("GETs of %s", pin.uri()).isEqualTo(1);
      }
      MediaCacheStats stats = cache.stats();
      assertThat(stats.downloads()).isEqualTo(pins.size());
      assertThat(stats.hits() + stats.misses()).isEqualTo(16L * pins.size());
      assertThat(stats.entries()).isEqualTo(pins.size());
      assertThat(stats.bytesCached()).isEqualTo(stats.bytesDownloaded());
    }
  }

  @Test
  void evictionSparesLeasedFilesAndTakesTheLeastRecentlyUsed() throws IOException {
    BlobPin a = put("a.bin", bytes(100_000, 1));
    BlobPin b = put("b.bin", bytes(100_000, 2));
    BlobPin c = put("c.bin", bytes(100_000, 3));
    BlobPin d = put("d.bin", bytes(100_000, 4));
    try (MediaCache cache = cache(250_000, 1)) {
      try (CacheLease leased = cache.open(a, store)) {
        Path bPath;
        try (CacheLease lease = cache.open(b, store)) {
          bPath = lease.path();
        }
        try (CacheLease lease = cache.open(c, store)) {
          assertThat(Files.exists(bPath)).isFalse(); // b was the least recently used unleased
        }
        assertThat(Files.exists(leased.path())).isTrue(); // a is older but leased
        try (CacheLease lease = cache.open(d, store)) {
          assertThat(Files.exists(leased.path())).isTrue();
        }
        assertThat(Files.readAllBytes(leased.path())).isEqualTo(bytes(100_000, 1));
        assertThat(cache.stats().bytesCached()).isLessThanOrEqualTo(250_000);
      }
      assertThat(cache.stats().evictions()).isEqualTo(2);
      assertThat(cache.stats().entries()).isEqualTo(2);
      long before = gets(a);
      try (CacheLease lease = cache.open(a, store)) {
        assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes(100_000, 1));
      }
      assertThat(gets(a)).isEqualTo(before); // still cached: kept while leased, then recent
    }
  }

  @Test
  void entriesSurviveARestart() throws IOException {
    BlobPin pin = put("kept.bin", bytes(30_000, 5));
    try (MediaCache cache = cache(1L << 20, 1);
        CacheLease lease = cache.open(pin, store)) {
      assertThat(lease.size()).isEqualTo(30_000);
    }
    Files.writeString(directory.resolve("x" + CacheNames.TEMP_MARKER + "1"), "half a download");
    long before = gets(pin);
    try (MediaCache cache = cache(1L << 20, 1);
        CacheLease lease = cache.open(pin, store)) {
      assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes(30_000, 5));
      assertThat(cache.stats().hits()).isEqualTo(1);
      assertThat(cache.stats().downloads()).isZero();
    }
    assertThat(gets(pin)).isEqualTo(before);
    assertThat(files()).hasSize(1).allMatch(name -> name.endsWith(CacheNames.SUFFIX));
  }

  @Test
  void fileRemovedFromOutsideIsDownloadedAgain() throws IOException {
    BlobPin pin = put("removed.bin", bytes(20_000, 6));
    try (MediaCache cache = cache(1L << 20, 1)) {
      Path path;
      try (CacheLease lease = cache.open(pin, store)) {
        path = lease.path();
      }
      Files.delete(path);
      long before = gets(pin);
      try (CacheLease lease = cache.open(pin, store)) {
        assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes(20_000, 6));
      }
      assertThat(gets(pin)).isEqualTo(before + 1);
      assertThat(cache.stats().bytesCached()).isEqualTo(20_000);
    }
  }

  @Test
  void truncatedBodyLeavesNoEntry() throws IOException {
    byte[] bytes = bytes(200_000, 6);
    BlobPin pin = put("cut.bin", bytes);
    try (MediaCache cache = cache(1L << 20, 1)) {
      proxy.failNext(2, Fault.TRUNCATE); // every attempt of the store (2) and the cache (1)
      assertThatThrownBy(() -> cache.open(pin, store))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE));
      assertThat(files()).isEmpty();
      assertThat(cache.stats().failedDownloads()).isEqualTo(1);
      try (CacheLease lease = cache.open(pin, store)) {
        assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes);
      }
    }
  }

  @Test
  void truncatedBodyIsDownloadedAgain() throws IOException {
    byte[] bytes = bytes(200_000, 7);
    BlobPin pin = put("again.bin", bytes);
    try (MediaCache cache = cache(1L << 20, 3)) {
      proxy.failNext(1, Fault.TRUNCATE);
      try (CacheLease lease = cache.open(pin, store)) {
        assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes);
      }
      assertThat(gets(pin)).isEqualTo(2); // the cut one, then the whole one
      assertThat(files()).hasSize(1);
    }
  }

  @Test
  void rangeOfALargeObjectDownloadsOnlyTheRange() throws IOException {
    byte[] bytes = bytes(3_000_000, 8);
    BlobPin pin = put("large.bin", bytes);
    try (MediaCache cache = cache(1L << 30, 1);
        CacheLease lease = cache.open(pin, store, new ByteRange(2_000_000, 4_096))) {
      assertThat(Files.readAllBytes(lease.path()))
          .isEqualTo(Arrays.copyOfRange(bytes, 2_000_000, 2_004_096));
      assertThat(cache.stats().bytesDownloaded()).isEqualTo(4_096);
    }
  }

  @Test
  void overwrittenObjectIsChangedAndNotCached() throws IOException {
    BlobPin pin = put("over.bin", bytes(1_000, 9));
    direct.write(pin.uri(), new ByteArrayInputStream(bytes(1_000, 10)), 1_000, null);
    try (MediaCache cache = cache(1L << 20, 3)) {
      assertThatThrownBy(() -> cache.open(pin, store))
          .isInstanceOfSatisfying(
              SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_CHANGED));
      assertThat(files()).isEmpty();
    }
  }

  @Test
  void closedCacheRefusesNewDownloads() {
    BlobPin pin = put("late.bin", bytes(100, 11));
    MediaCache cache = cache(1L << 20, 1);
    cache.close();
    assertThatThrownBy(() -> cache.open(pin, store))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
        .hasMessageContaining("closed");
  }

  @Test
  void streamedDownloadCutOffIsRetriedByTheCache() throws IOException {
    byte[] bytes = bytes(150_000, 12);
    BlobPin pin = put("streamed.bin", bytes);
    try (MediaCache cache = cache(1L << 20, 2)) {
      MediaStore streamOnly = new StreamOnlyStore(store);
      proxy.failNext(1, Fault.TRUNCATE);
      try (CacheLease lease = cache.open(pin, streamOnly)) {
        assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes);
      }
      assertThat(gets(pin)).isEqualTo(2);
      assertThat(files()).hasSize(1);
      proxy.failNext(4, Fault.TRUNCATE);
      BlobPin other = put("streamed-2.bin", bytes);
      assertThatThrownBy(() -> cache.open(other, streamOnly))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_UNAVAILABLE));
      proxy.failNext(0, Fault.NONE);
      assertThat(files()).hasSize(1);
    }
  }

  /** The S3 store seen only through MediaStore, so the cache copies {@code open}'s stream. */
  private record StreamOnlyStore(MediaStore store) implements MediaStore {
    @Override
    public boolean serves(URI uri) {
      return store.serves(uri);
    }

    @Override
    public dev.sheaf.spi.media.BlobInfo stat(URI uri) {
      return store.stat(uri);
    }

    @Override
    public java.io.InputStream open(BlobPin pin, ByteRange range) {
      return store.open(pin, range);
    }

    @Override
    public dev.sheaf.spi.media.ListingPage list(URI prefix, String pageToken, int pageSize) {
      return store.list(prefix, pageToken, pageSize);
    }

    @Override
    public dev.sheaf.spi.media.BlobInfo write(
        URI uri, java.io.InputStream bytes, long length, String contentType) {
      return store.write(uri, bytes, length, contentType);
    }

    @Override
    public void delete(URI uri) {
      store.delete(uri);
    }

    @Override
    public java.util.Optional<URI> presign(BlobPin pin, java.time.Duration validFor) {
      return store.presign(pin, validFor);
    }

    @Override
    public void close() {}
  }
}
