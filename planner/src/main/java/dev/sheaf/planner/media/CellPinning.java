package dev.sheaf.planner.media;

import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * A table scan's rows with their media cells' pins handed to the statement's {@link MediaAccess}:
 * the scan reads the projected columns followed by the pin columns of the projected media columns;
 * this registers each pin for its cell and passes on the projected columns only.
 */
public final class CellPinning extends AbstractEnumerable<Object[]> {
  private final Enumerable<Object[]> rows;
  private final int[] projected;
  private final int[] pinColumns;
  private final MediaAccess media;
  private final MediaAccess.ReadScope scope;

  /**
   * @param pinColumns for each table column, the position of its pin column in the table's readable
   *     columns, or -1
   * @param scope the table version the rows come from: a cell stored without a pin is pinned at its
   *     first read in that version, and keeps that pin
   */
  public CellPinning(
      Enumerable<Object[]> rows,
      int[] projected,
      int[] pinColumns,
      MediaAccess media,
      MediaAccess.ReadScope scope) {
    this.rows = rows;
    this.projected = projected.clone();
    this.pinColumns = pinColumns.clone();
    this.media = media;
    this.scope = scope;
  }

  @Override
  public Enumerator<Object[]> enumerator() {
    Enumerator<Object[]> source = rows.enumerator();
    return new Enumerator<>() {
      private Object[] current;

      @Override
      public Object[] current() {
        return current;
      }

      @Override
      public boolean moveNext() {
        if (!source.moveNext()) {
          return false;
        }
        Object[] row = source.current();
        int pin = projected.length;
        for (int i = 0; i < projected.length; i++) {
          int column = projected[i];
          if (column < pinColumns.length && pinColumns[column] >= 0) {
            if (row[i] instanceof String cell) {
              if (row[pin] instanceof String stored) {
                media.register(cell, stored);
              } else {
                media.registerUnpinned(cell, scope);
              }
            }
            pin++;
          }
        }
        current = java.util.Arrays.copyOf(row, projected.length);
        return true;
      }

      @Override
      public void reset() {
        source.reset();
      }

      @Override
      public void close() {
        source.close();
      }
    };
  }
}
