package dev.sheaf.catalog.media.cache;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cached file held open: the cache never evicts it until the lease is closed. The file holds
 * exactly the bytes asked for (the whole object, or the range) and must not be written to.
 */
public final class CacheLease implements AutoCloseable {
  private final MediaCache cache;
  private final MediaCache.Entry entry;
  private final AtomicBoolean closed = new AtomicBoolean();

  CacheLease(MediaCache cache, MediaCache.Entry entry) {
    this.cache = cache;
    this.entry = entry;
  }

  /** The local file with the bytes; readable until {@link #close}. */
  public Path path() {
    return entry.path();
  }

  /** The file's size in bytes. */
  public long size() {
    return entry.size();
  }

  /** Lets the cache evict the file again; closing twice does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      cache.release(entry);
    }
  }
}
