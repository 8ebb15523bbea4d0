package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.cache.CacheLease;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.MediaStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches the objects of cells a scan has produced but the statement's media functions have not
 * read yet, concurrently, into the media cache (one download per object and range: the cache's
 * single flight), so the row-at-a-time calls find the bytes local. At most {@link #IN_FLIGHT} reads
 * per store at once, and at most {@code maxBytes} held over all cells: a cell past that is read
 * when its call comes, as without a prefetch. Each cell's bytes stay leased (not evicted) until the
 * scan {@link Held#release releases} its row.
 *
 * <p>Errors are not kept: a cell whose pin or read fails here is read again by its call, which
 * gives its NULL and error as before ({@link MediaCellErrors}).
 */
public final class MediaPrefetch implements AutoCloseable {
  /** The most reads against one store a scan has in flight. */
  public static final int IN_FLIGHT = 32;

  /**
   * The most cells whose fetches are started and not finished: past it a cell is read by its call.
   * A consumer that takes every row before calling the functions (a sort under the projection)
   * would otherwise queue a task per row.
   */
  static final int MAX_PENDING = 512;

  private final MediaAccess media;
  private final long maxBytes;
  private final AtomicLong heldBytes = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<MediaStore, Semaphore> permits = new IdentityHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param maxBytes the most bytes of fetched objects held at once for rows not released yet
   */
  public MediaPrefetch(MediaAccess media, long maxBytes) {
    this.media = media;
    this.maxBytes = maxBytes;
  }

  /** Starts fetching what {@code reads} read of a cell; release the answer when its row is done. */
  public Held start(String cell, Set<MediaRead> reads) {
    Held held = new Held();
    if (cell == null || reads.isEmpty()) {
      return held;
    }
    MediaStores stores = media.stores();
    Semaphore permit;
    try {
      URI uri = MediaStores.parse(cell);
      if (!stores.caches(uri)) {
        return held;
      }
      MediaStore store = stores.storeFor(uri);
      synchronized (permits) {
        permit = permits.computeIfAbsent(store, s -> new Semaphore(IN_FLIGHT));
      }
    } catch (RuntimeException e) {
      return held; // its call reports the error
    }
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      return held;
    }
    try {
      executor.execute(
          () -> {
            try {
              fetch(cell, reads, permit, held);
            } finally {
              pending.decrementAndGet();
            }
          });
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet(); // closed: the calls read on their own
    }
    return held;
  }

  private void fetch(String cell, Set<MediaRead> reads, Semaphore permit, Held held) {
    if (held.released) {
      return;
    }
    permit.acquireUninterruptibly();
    try {
      if (held.released) {
        return;
      }
      MediaAccess.Pinned pinned = media.pin(cell);
      if (pinned.pin() == null) {
        return;
      }
      BlobPin pin = pinned.pin();
      for (MediaRead read : reads) {
        Optional<ByteRange> range = read.range();
        if (range.isEmpty() || held.released) {
          continue;
        }
        long bytes = range.get().isAll() ? pin.size() : Math.min(range.get().length(), pin.size());
        if (read == MediaRead.WHOLE && pin.size() > MediaCalls.MAX_FETCH_BYTES) {
          continue;
        }
        if (heldBytes.addAndGet(bytes) > maxBytes) {
          heldBytes.addAndGet(-bytes);
          continue;
        }
        try {
          Optional<CacheLease> lease = media.stores().hold(pin, range.get());
          if (lease.isPresent()) {
            held.add(lease.get(), bytes);
          } else {
            heldBytes.addAndGet(-bytes);
          }
        } catch (RuntimeException e) {
          heldBytes.addAndGet(-bytes); // its call reads again and reports the error
        }
      }
    } catch (RuntimeException e) {
      // its call pins again and reports the error
    } finally {
      permit.release();
    }
  }

  /** Stops starting fetches; those running finish and are released with their rows. */
  @Override
  public void close() {
    executor.shutdown();
  }

  /** The bytes one cell's fetches hold in the cache. */
  public final class Held {
    private final List<CacheLease> leases = new ArrayList<>();
    private long bytes;
    private volatile boolean released;

    private synchronized void add(CacheLease lease, long size) {
      if (released) {
        lease.close();
        heldBytes.addAndGet(-size);
        return;
      }
      leases.add(lease);
      bytes += size;
    }

    /** Lets the cache evict the cell's bytes again; fetches still running stop holding them. */
    public synchronized void release() {
      if (released) {
        return;
      }
      released = true;
      leases.forEach(CacheLease::close);
      leases.clear();
      heldBytes.addAndGet(-bytes);
      bytes = 0;
    }
  }
}
