package dev.sheaf.server.web;

import java.util.LinkedHashMap;
import java.util.Map;
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
