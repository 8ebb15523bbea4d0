package dev.sheaf.server.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renditions the pages made (thumbnails, bounded images, video frames), kept in memory by what they
 * were made from: table, snapshot, row id, column and size. A pinned snapshot's cell never changes,
 * so an entry never goes stale; the least recently used go first past the byte budget.
 */
final class ThumbnailCache {
  private final long budgetBytes;
  private final Map<String, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();

  ThumbnailCache(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  synchronized byte[] get(String key) {
    byte[] value = entries.get(key);
    (value == null ? misses : hits).incrementAndGet();
    return value;
  }

  synchronized void put(String key, byte[] value) {
    if (value.length > budgetBytes / 4) {
      return;
    }
    byte[] old = entries.put(key, value);
    bytes += value.length - (old == null ? 0 : old.length);
    var oldest = entries.entrySet().iterator();
    while (bytes > budgetBytes && oldest.hasNext()) {
      bytes -= oldest.next().getValue().length;
      oldest.remove();
    }
  }

  /** The key of a rendition: what the request names, as the page's links spell it. */
  static String key(
      String kind, String table, String snapshot, String rowId, String column, String detail) {
    return String.join("\0", kind, table, snapshot == null ? "" : snapshot, rowId, column, detail);
  }

  /** Claims {@code key} for a batch that will make it; false when it is cached or claimed. */
  boolean claim(String key) {
    synchronized (this) {
      if (entries.containsKey(key)) {
        return false;
      }
    }
    return pending.putIfAbsent(key, new CompletableFuture<>()) == null;
  }

  /** Ends a claim: keeps {@code value} (null: the batch could not make it) and wakes waiters. */
  void finish(String key, byte[] value) {
    if (value != null) {
      put(key, value);
    }
    CompletableFuture<byte[]> future = pending.remove(key);
    if (future != null) {
      future.complete(value);
    }
  }

  /** The batch making {@code key}, or null when none is. */
  CompletableFuture<byte[]> pending(String key) {
    return pending.get(key);
  }

  synchronized void clear() {
    entries.clear();
    bytes = 0;
  }

  long hits() {
    return hits.get();
  }

  long misses() {
    return misses.get();
  }
}
