package dev.sheaf.catalog.media.cache;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Pinned media bytes on local disk, shared by all queries: {@code try (CacheLease lease =
 * cache.open(pin, store)) { read lease.path() }}.
 *
 * <ul>
 *   <li>One download per (URI, ETag, version id, range) however many callers ask at once (single
 *       flight); the others wait for it. Downloads run on virtual threads, at most {@link
 *       MediaCacheSettings#downloadsPerStore} at once per store.
 *   <li>{@link #open(BlobPin, MediaStore, ByteRange)} caches just a range of a large object, as an
 *       entry of its own (ranges are not merged).
 *   <li>A download goes to a temporary file, is checked against the size the pin promises and is
 *       renamed atomically, so a failed or killed download never leaves an entry. A download that
 *       fails as {@code MEDIA_UNAVAILABLE} or arrives short is tried again, up to {@link
 *       MediaCacheSettings#downloadAttempts}. Files are not fsynced: after a power loss a file may
 *       have the right size and wrong bytes.
 *   <li>Least recently used files go first when the cache is over its byte budget; a file with an
 *       open {@link CacheLease} is never evicted. Entries survive restarts ({@link CacheNames});
 *       after a restart recency starts from the files' modification times. An entry whose file was
 *       removed from outside while no lease held it is downloaded again.
 * </ul>
 */
public final class MediaCache implements AutoCloseable {
  private final MediaCacheSettings settings;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private final Map<String, Download> downloads = new HashMap<>();
  private final Map<MediaStore, Semaphore> permits = new IdentityHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private long hits;
  private long misses;
  private long downloaded;
  private long failedDownloads;
  private long bytesDownloaded;
  private long bytesCached;
  private long evictions;

  /** A cached file; {@code leases} is guarded by the cache. */
  static final class Entry {
    private final String name;
    private final Path path;
    private final long size;
    private int leases;

    Entry(String name, Path path, long size) {
      this.name = name;
      this.path = path;
      this.size = size;
    }

    Path path() {
      return path;
    }

    long size() {
      return size;
    }
  }

  private static final class Download {
    private final CompletableFuture<Entry> done = new CompletableFuture<>();
    private int waiters;
  }

  private MediaCache(MediaCacheSettings settings) {
    this.settings = settings;
  }

  /** Opens the cache in its directory, keeping the entries a previous run left there. */
  public static MediaCache open(MediaCacheSettings settings) {
    requireNonNull(settings, "settings is null");
    MediaCache cache = new MediaCache(settings);
    try {
      Files.createDirectories(settings.directory());
      cache.load();
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.INVALID_CONFIGURATION,
          String.format(
              "Cannot open the media cache in %s: %s (give a writable directory)",
              settings.directory(), e.getMessage()),
          e);
    }
    return cache;
  }

  /** The whole pinned object, downloaded unless cached. */
  public CacheLease open(BlobPin pin, MediaStore store) {
    return open(pin, store, ByteRange.ALL);
  }

  /** Bytes of the pinned object in {@code range}, downloaded (just that range) unless cached. */
  public CacheLease open(BlobPin pin, MediaStore store, ByteRange range) {
    requireNonNull(pin, "pin is null");
    requireNonNull(store, "store is null");
    requireNonNull(range, "range is null");
    long size = CacheNames.expectedSize(pin, range);
    String name = CacheNames.name(pin, range, size);
    Download download;
    boolean leader = false;
    synchronized (this) {
      Entry entry = entries.get(name);
      if (entry != null && entry.leases == 0 && !Files.isRegularFile(entry.path)) {
        // removed behind the cache's back (by hand, or by another process on the same directory)
        entries.remove(name);
        bytesCached -= entry.size;
        entry = null;
      }
      if (entry != null) {
        entry.leases++;
        hits++;
        return new CacheLease(this, entry);
      }
      misses++;
      download = downloads.get(name);
      if (download == null) {
        download = new Download();
        downloads.put(name, download);
        leader = true;
      }
      download.waiters++;
    }
    if (leader) {
      Download started = download;
      try {
        executor.execute(() -> download(started, name, size, pin, range, store));
      } catch (RejectedExecutionException e) {
        synchronized (this) {
          downloads.remove(name);
        }
        started.done.completeExceptionally(
            SheafException.of(
                ErrorCode.INTERNAL_ERROR,
                "Cannot cache %s: the media cache is closed (open a new one)",
                UriRedaction.redact(pin.uri())));
      }
    }
    try {
      return new CacheLease(this, download.done.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof SheafException failure) {
        throw new SheafException(failure.code(), failure.getMessage(), failure);
      }
      throw e;
    }
  }

  /**
   * Takes {@code file}, which holds exactly the pinned object's bytes, as the cached copy of the
   * whole object (a writer that just uploaded it keeps its readers from downloading it again). The
   * file is moved into the cache directory, which must be on the same file system; when the object
   * is cached already, or the move fails, the file is deleted and the cache is unchanged.
   */
  public void adopt(BlobPin pin, Path file) {
    requireNonNull(pin, "pin is null");
    requireNonNull(file, "file is null");
    long size = CacheNames.expectedSize(pin, ByteRange.ALL);
    String name = CacheNames.name(pin, ByteRange.ALL, size);
    Path path = settings.directory().resolve(name);
    synchronized (this) {
      if (entries.containsKey(name) || downloads.containsKey(name)) {
        deleteQuietly(file);
        return;
      }
      try {
        if (Files.size(file) != size) {
          deleteQuietly(file);
          return;
        }
        Files.move(file, path, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        deleteQuietly(file);
        return;
      }
      entries.put(name, new Entry(name, path, size));
      bytesCached += size;
      evict();
    }
  }

  /** What the cache has done so far. */
  public synchronized MediaCacheStats stats() {
    return new MediaCacheStats(
        hits,
        misses,
        downloaded,
        failedDownloads,
        bytesDownloaded,
        bytesCached,
        entries.size(),
        evictions,
        settings.budgetBytes());
  }

  synchronized void release(Entry entry) {
    entry.leases--;
    evict();
  }

  private void download(
      Download download, String name, long size, BlobPin pin, ByteRange range, MediaStore store) {
    Semaphore semaphore;
    synchronized (this) {
      semaphore =
          permits.computeIfAbsent(store, s -> new Semaphore(settings.downloadsPerStore(), true));
    }
    Path path = settings.directory().resolve(name);
    try {
      semaphore.acquireUninterruptibly();
      try {
        fetch(path, size, pin, range, store);
      } finally {
        semaphore.release();
      }
    } catch (RuntimeException | Error e) {
      // every waiter hears of the failure; none waits for ever
      synchronized (this) {
        downloads.remove(name);
        failedDownloads++;
      }
      download.done.completeExceptionally(e);
      return;
    }
    Entry entry = new Entry(name, path, size);
    synchronized (this) {
      entry.leases = download.waiters;
      entries.put(name, entry);
      downloads.remove(name);
      downloaded++;
      bytesDownloaded += size;
      bytesCached += size;
      evict();
    }
    download.done.complete(entry);
  }

  private void fetch(Path path, long size, BlobPin pin, ByteRange range, MediaStore store) {
    SheafException last = null;
    for (int attempt = 1; attempt <= settings.downloadAttempts(); attempt++) {
      Path temp =
          path.resolveSibling(path.getFileName() + CacheNames.TEMP_MARKER + UUID.randomUUID());
      try {
        long copied;
        if (store instanceof FileDownloads files) {
          files.download(pin, range, temp);
          copied = Files.size(temp);
        } else {
          try (InputStream in = store.open(pin, range);
              OutputStream out = Files.newOutputStream(temp)) {
            copied = in.transferTo(out);
          }
        }
        if (copied != size) {
          throw new IOException("received " + copied + " of " + size + " bytes");
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (SheafException e) {
        if (e.code() != ErrorCode.MEDIA_UNAVAILABLE) {
          throw e;
        }
        last = e;
      } catch (IOException e) {
        last =
            new SheafException(
                ErrorCode.MEDIA_UNAVAILABLE,
                String.format(
                    "Cannot cache %s: the download broke off after %d attempts (%s; try again"
                        + " later)",
                    UriRedaction.redact(pin.uri()), attempt, e.getMessage()),
                e);
      } finally {
        deleteQuietly(temp);
      }
    }
    throw last;
  }

  /** Removes least recently used unleased entries until the cache is within its budget. */
  private void evict() {
    Iterator<Entry> eldestFirst = entries.values().iterator();
    while (bytesCached > settings.budgetBytes() && eldestFirst.hasNext()) {
      Entry entry = eldestFirst.next();
      if (entry.leases == 0) {
        eldestFirst.remove();
        deleteQuietly(entry.path);
        bytesCached -= entry.size;
        evictions++;
      }
    }
  }

  private void load() throws IOException {
    record Found(Entry entry, FileTime modified) {}
    List<Found> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(settings.directory())) {
      for (Path file : files.toList()) {
        String fileName = file.getFileName().toString();
        Optional<Long> size = CacheNames.size(fileName);
        if (CacheNames.isTemporary(fileName)) {
          deleteQuietly(file); // a download a previous run did not finish
        } else if (size.isPresent()) {
          if (Files.size(file) == size.get()) {
            found.add(
                new Found(new Entry(fileName, file, size.get()), Files.getLastModifiedTime(file)));
          } else {
            deleteQuietly(file);
          }
        }
      }
    }
    found.sort(Comparator.comparing(Found::modified));
    synchronized (this) {
      for (Found each : found) {
        entries.put(each.entry().name, each.entry());
        bytesCached += each.entry().size;
      }
      evict();
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // left behind: a temporary file is removed at the next start, an evicted one is orphaned
    }
  }

  /** Stops accepting downloads; files and their entries stay for the next run. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
