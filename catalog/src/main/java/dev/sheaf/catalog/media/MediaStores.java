package dev.sheaf.catalog.media;

import static dev.sheaf.spi.error.ErrorCode.INVALID_ARGUMENT;
import static dev.sheaf.spi.error.ErrorCode.MEDIA_ACCESS_DENIED;
import static dev.sheaf.spi.error.ErrorCode.MEDIA_UNAVAILABLE;

import dev.sheaf.catalog.media.cache.CacheLease;
import dev.sheaf.catalog.media.cache.MediaCache;
import dev.sheaf.catalog.media.cache.MediaCacheSettings;
import dev.sheaf.catalog.media.cache.MediaCacheStats;
import dev.sheaf.catalog.media.http.HttpMediaSettings;
import dev.sheaf.catalog.media.http.HttpMediaStore;
import dev.sheaf.catalog.media.s3.S3MediaStore;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The media stores of one engine, chosen by URI: {@code file://} goes to {@link LocalMediaStore},
 * {@code s3://} to the {@link S3MediaStore} of the configured profiles, {@code http(s)://} to the
 * {@link HttpMediaStore} behind the address guard. Every read of media bytes goes through {@link
 * #open}, the one place where the media cache sits: remote objects are read from a cached file (one
 * download per pinned object, however many queries want it), local files directly.
 */
public final class MediaStores implements AutoCloseable {
  private final MediaConfig config;
  private final List<MediaStore> stores = new ArrayList<>();
  private MediaCache cache;
  private final LongAdder reads = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();

  public MediaStores(MediaConfig config) {
    this.config = config;
  }

  /** A registry with the local store over the configuration's file roots, and no others. */
  public static MediaStores withLocalFiles(MediaConfig config) {
    MediaStores stores = new MediaStores(config);
    List<java.nio.file.Path> roots = new ArrayList<>(config.fileRoots());
    if ("file".equals(config.destination().getScheme())) {
      roots.add(java.nio.file.Path.of(config.destination()));
    }
    // the data directory is the first root (MediaConfig.defaults): its own files are never media
    java.nio.file.Path data = config.fileRoots().isEmpty() ? null : config.fileRoots().get(0);
    stores.register(new LocalMediaStore(new FileRoots(roots, data)));
    return stores;
  }

  /** Every store the configuration names (local, https, S3 profiles) and the media cache. */
  public static MediaStores open(MediaConfig config) {
    MediaStores stores = withLocalFiles(config);
    if (!config.s3Profiles().isEmpty()) {
      // before https: a URL at a profile's endpoint is read with that profile's credentials
      stores.register(new S3MediaStore(config.s3Profiles()));
    }
    stores.register(
        new HttpMediaStore(
            HttpMediaSettings.defaults()
                .withAllowPrivateAddresses(config.allowPrivateAddresses())));
    stores.cache =
        MediaCache.open(
            MediaCacheSettings.defaults(config.cacheDirectory())
                .withBudgetBytes(config.cacheBytes()));
    return stores;
  }

  /** Adds a store; the first registered store that serves a URI wins. */
  public synchronized MediaStores register(MediaStore store) {
    stores.add(store);
    return this;
  }

  public MediaConfig config() {
    return config;
  }

  /** Reads a cell's text as an absolute URI. */
  public static URI parse(String text) {
    try {
      URI uri = new URI(text);
      if (!uri.isAbsolute()) {
        throw SheafException.of(
            INVALID_ARGUMENT,
            "Cannot use media '%s': it is not an absolute URI (give file:///..., s3://... or"
                + " https://...)",
            text);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw SheafException.of(
          INVALID_ARGUMENT, "Cannot use media '%s': it is not a URI (%s)", text, e.getReason());
    }
  }

  /** The store for a URI. */
  public synchronized MediaStore storeFor(URI uri) {
    for (MediaStore store : stores) {
      if (store.serves(uri)) {
        return store;
      }
    }
    throw SheafException.of(
        MEDIA_ACCESS_DENIED,
        "Cannot reach media %s: no store is configured for scheme '%s' (use file://, or configure"
            + " an S3 or https store)",
        uri,
        uri.getScheme());
  }

  public BlobInfo stat(URI uri) {
    return storeFor(uri).stat(uri);
  }

  /** The pinned bytes in a range: the one path every media read takes (the cache goes here). */
  public InputStream open(BlobPin pin, ByteRange range) {
    MediaStore store = storeFor(pin.uri());
    InputStream stream =
        cache == null || store instanceof LocalMediaStore
            ? store.open(pin, range)
            : cached(pin, range, store);
    reads.increment();
    return new FilterInputStream(stream) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytesRead.increment();
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
          bytesRead.add(read);
        }
        return read;
      }
    };
  }

  /** The bytes from the cache's file, leased until the stream closes. */
  private InputStream cached(BlobPin pin, ByteRange range, MediaStore store) {
    CacheLease lease = cache.open(pin, store, range);
    try {
      return new FilterInputStream(java.nio.file.Files.newInputStream(lease.path())) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            lease.close();
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      lease.close();
      throw SheafException.of(
          MEDIA_UNAVAILABLE,
          "Cannot read cached media %s: %s (try again)",
          UriRedaction.redact(pin.uri()),
          e.getClass().getSimpleName());
    }
  }

  /**
   * Brings the pinned bytes in a range into the media cache ahead of a read, and keeps them there
   * until the lease closes (a later {@link #open} of the same pin and range finds them); empty
   * where reads are not cached (local files, no cache).
   */
  public Optional<CacheLease> hold(BlobPin pin, ByteRange range) {
    MediaStore store = storeFor(pin.uri());
    MediaCache current = cache;
    if (current == null || store instanceof LocalMediaStore) {
      return Optional.empty();
    }
    return Optional.of(current.open(pin, store, range));
  }

  /**
   * The pinned object as a local file, where it is one (a {@code file:} URI under a media root),
   * checked against the pin; empty for remote objects (hold them in the cache, {@link #hold}).
   */
  public Optional<java.nio.file.Path> localFile(BlobPin pin) {
    MediaStore store = storeFor(pin.uri());
    if (store instanceof LocalMediaStore local) {
      reads.increment();
      return Optional.of(local.file(pin));
    }
    return Optional.empty();
  }

  /** Whether reads of a URI go through the media cache (remote stores, a cache configured). */
  public boolean caches(URI uri) {
    return cache != null && !(storeFor(uri) instanceof LocalMediaStore);
  }

  /** Reads the pinned bytes in a range into memory. */
  public byte[] read(BlobPin pin, ByteRange range) {
    try (InputStream stream = open(pin, range)) {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw SheafException.of(
          MEDIA_UNAVAILABLE,
          "Cannot read media %s: %s (try again)",
          pin.uri(),
          e.getClass().getSimpleName());
    }
  }

  public ListingPage list(URI prefix, String pageToken, int pageSize) {
    return storeFor(prefix).list(prefix, pageToken, pageSize);
  }

  public BlobInfo write(URI uri, byte[] bytes, String contentType) {
    return storeFor(uri).write(uri, new ByteArrayInputStream(bytes), bytes.length, contentType);
  }

  public void delete(URI uri) {
    storeFor(uri).delete(uri);
  }

  public Optional<URI> presign(BlobPin pin, Duration validFor) {
    return storeFor(pin.uri()).presign(pin, validFor);
  }

  /** Reads so far; the cache's hits, misses and size join these when a cache is configured. */
  public MediaReadStatistics statistics() {
    if (cache == null) {
      return new MediaReadStatistics(reads.sum(), bytesRead.sum(), 0, 0, 0);
    }
    MediaCacheStats cached = cache.stats();
    return new MediaReadStatistics(
        reads.sum(), bytesRead.sum(), cached.hits(), cached.misses(), cached.bytesCached());
  }

  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    if (cache != null) {
      cache.close();
      cache = null;
    }
    for (MediaStore store : stores) {
      try {
        store.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    stores.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
