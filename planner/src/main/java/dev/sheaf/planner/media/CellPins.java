package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.StoredPin;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * The stored pins of the media cells a statement's scans produced, keyed by the identity of the
 * cell's String: Calcite hands a row's value to a function as the same object the scan made, so
 * {@code fetch(img)} finds the pin of exactly its row, even when two rows hold the same URI with
 * different pins. Keys are weak: a cell the query has finished with drops out.
 */
final class CellPins {
  private final ReferenceQueue<String> queue = new ReferenceQueue<>();
  private final Map<Key, StoredPin> pins = new HashMap<>();

  synchronized void put(String cell, StoredPin pin) {
    expunge();
    pins.put(new Key(cell, queue), pin);
  }

  synchronized StoredPin get(String cell) {
    expunge();
    return pins.get(new Key(cell, null));
  }

  private void expunge() {
    for (Reference<? extends String> stale = queue.poll(); stale != null; stale = queue.poll()) {
      pins.remove(stale);
    }
  }

  /** A weak reference compared by the identity of its referent. */
  private static final class Key extends WeakReference<String> {
    private final int hash;

    Key(String cell, ReferenceQueue<String> queue) {
      super(cell, queue);
      this.hash = System.identityHashCode(cell);
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Key key)) {
        return false;
      }
      String cell = get();
      return cell != null && cell == key.get();
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
