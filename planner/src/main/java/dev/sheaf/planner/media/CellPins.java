package dev.sheaf.planner.media;

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
  /**
   * What a scan knew of a cell: the pin stored with its row, or, for a row stored without one, the
   * table version it was read from (its pin is then the one kept for that version).
   */
  record CellPin(dev.sheaf.catalog.media.StoredPin stored, MediaAccess.ReadScope scope) {}

  private final ReferenceQueue<String> queue = new ReferenceQueue<>();
  private final Map<Key, CellPin> pins = new HashMap<>();

  synchronized void put(String cell, CellPin pin) {
    expunge();
    pins.put(new Key(cell, queue), pin);
  }

  synchronized CellPin get(String cell) {
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
