package dev.sheaf.catalog.computed;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Computed cells that a query computed for rows a backfill has not reached (lazy fill), kept for
 * the backfill to store instead of computing them again. A cell is keyed by table, column and row
 * id, and kept with the input values it was computed from: the backfill takes it only for a row
 * whose inputs are still those, so an updated row is computed afresh. Bounded: past {@link
 * #MAX_CELLS} the oldest cells are forgotten (the backfill then computes them, with the same
 * result).
 */
public final class LazyCells {
  /** The most cells kept (a 384-float vector is 1.5 KB: about 50 MB of vectors). */
  public static final int MAX_CELLS = 32_768;

  /** A computed cell: its value, or the error that replaced it, and the inputs it came from. */
  public record Cell(Object[] inputs, Object value, String error) {}

  private record Key(String table, String column, long rowId) {}

  private final Map<Key, Cell> cells =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Cell> eldest) {
          return size() > MAX_CELLS;
        }
      };

  /** Keeps a cell of column {@code column} of table {@code tableUuid} for the backfill. */
  public synchronized void put(String tableUuid, String column, long rowId, Cell cell) {
    cells.put(new Key(tableUuid, column, rowId), cell);
  }

  /** Takes the cell kept for a row, when it was computed from the same inputs. */
  public synchronized Optional<Cell> take(
      String tableUuid, String column, long rowId, Object[] inputs) {
    Key key = new Key(tableUuid, column, rowId);
    Cell cell = cells.get(key);
    if (cell == null) {
      return Optional.empty();
    }
    cells.remove(key);
    return Arrays.deepEquals(cell.inputs(), inputs) ? Optional.of(cell) : Optional.empty();
  }

  /** How many cells are kept. */
  public synchronized int size() {
    return cells.size();
  }
}
