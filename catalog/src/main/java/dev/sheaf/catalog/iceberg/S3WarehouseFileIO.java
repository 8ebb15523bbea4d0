package dev.sheaf.catalog.iceberg;

import dev.sheaf.catalog.config.WarehouseCacheSettings;
import dev.sheaf.catalog.media.cache.CacheLease;
import dev.sheaf.catalog.media.cache.MediaCache;
import dev.sheaf.catalog.media.cache.MediaCacheSettings;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.apache.iceberg.aws.s3.S3FileIO;

/**
 * Iceberg's {@link S3FileIO} for an {@code s3://} warehouse, plus {@link WarehouseFiles}: scans
 * read data files from a local copy in the warehouse cache ({@link MediaCache} under {@code
 * <warehouse-cache-dir>/data}: one download per file however many scans ask, least recently used
 * copies evicted over the byte budget, never one being read), and ingest stages files under {@code
 * <warehouse-cache-dir>/staging} before uploading them through S3FileIO's output stream (multipart
 * above its threshold, parts staged on disk: bounded memory).
 */
public final class S3WarehouseFileIO extends S3FileIO implements WarehouseFiles {
  private static final long serialVersionUID = 1L;

  /** Files downloaded ahead of a scan at once (each with up to four ranged GETs in flight). */
  static final int PREFETCHES_AT_ONCE = 4;

  /**
   * Whole data files downloading at once, scans and prefetches together: with four 4 MiB parts in
   * flight each, at most 128 MiB of heap in download buffers.
   */
  static final int DOWNLOADS_AT_ONCE = 8;

  private transient Path directory;
  private transient long budgetBytes;
  private transient MediaCache cache;
  private transient DataFileObjects objects;
  private transient ExecutorService prefetches;
  private transient Semaphore prefetchPermits;

  @Override
  public void initialize(Map<String, String> properties) {
    super.initialize(properties);
    String dir = properties.get(WarehouseCacheSettings.DIRECTORY_PROPERTY);
    this.directory =
        dir != null
            ? Path.of(dir)
            : Path.of(System.getProperty("java.io.tmpdir"), "sheaf-warehouse-cache");
    String budget = properties.get(WarehouseCacheSettings.BUDGET_PROPERTY);
    this.budgetBytes =
        budget != null ? Long.parseLong(budget) : WarehouseCacheSettings.DEFAULT_BUDGET_BYTES;
  }

  @Override
  public LocalDataFile open(String location, long size) {
    try {
      CacheLease lease = cache().open(DataFileObjects.pin(location, size), objects);
      return new LocalDataFile(lease.path().toFile(), lease);
    } catch (SheafException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          String.format(
              "Cannot read data file %s from the warehouse: %s (check the warehouse's S3"
                  + " endpoint, credentials and free space in %s)",
              location, e.getMessage(), directory),
          e);
    }
  }

  @Override
  public void prefetch(String location, long size) {
    MediaCache opened = cache();
    if (!prefetchPermits.tryAcquire()) {
      return; // enough is downloading; the scan's own decoders fetch the rest in time
    }
    try {
      prefetches.execute(
          () -> {
            try (CacheLease ignored = opened.open(DataFileObjects.pin(location, size), objects)) {
              // downloaded and kept: the scan that asked finds it in the cache
            } catch (RuntimeException e) {
              // a hint only: the scan reads the file itself and reports its failure
            } finally {
              prefetchPermits.release();
            }
          });
    } catch (RejectedExecutionException e) {
      prefetchPermits.release();
    }
  }

  @Override
  public Path stagingDirectory(String dataLocation) {
    Path staging = directory.resolve("staging").resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          String.format(
              "Cannot stage data files in %s: %s (give warehouse-cache-dir a writable directory)",
              staging, e.getMessage()),
          e);
    }
    return staging;
  }

  @Override
  public String location(String dataLocation, Path stagingDirectory, Path staged) {
    String relative = stagingDirectory.relativize(staged).toString().replace('\\', '/');
    return dataLocation.endsWith("/") ? dataLocation + relative : dataLocation + "/" + relative;
  }

  /**
   * Uploads the staged file, then keeps it as the cached copy of the new data file: the first scan
   * after an ingest reads it without downloading it again.
   */
  @Override
  public void publish(Path staged, String location) {
    try {
      long size = Files.size(staged);
      try (OutputStream out = newOutputFile(location).createOrOverwrite()) {
        Files.copy(staged, out);
      }
      cache().adopt(DataFileObjects.pin(location, size), staged);
    } catch (IOException | UncheckedIOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          String.format(
              "Cannot upload data file %s to the warehouse: %s (check the warehouse's S3"
                  + " endpoint and credentials)",
              location, e.getMessage()),
          e);
    }
  }

  @Override
  public void releaseStaging(Path stagingDirectory) {
    if (!Files.isDirectory(stagingDirectory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(stagingDirectory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // left behind in the cache directory; harmless
    }
  }

  /** Opens the cache on first use, so a catalog that never scans creates no directory. */
  private synchronized MediaCache cache() {
    if (cache == null) {
      cache =
          MediaCache.open(
              new MediaCacheSettings(
                  directory.resolve("data"),
                  budgetBytes,
                  DOWNLOADS_AT_ONCE,
                  MediaCacheSettings.DEFAULT_DOWNLOAD_ATTEMPTS));
      objects = new DataFileObjects(this);
      prefetches = Executors.newVirtualThreadPerTaskExecutor();
      prefetchPermits = new Semaphore(PREFETCHES_AT_ONCE);
    }
    return cache;
  }

  @Override
  public synchronized void close() {
    if (cache != null) {
      prefetches.shutdownNow();
      cache.close();
      objects.close();
    }
    super.close();
  }
}
