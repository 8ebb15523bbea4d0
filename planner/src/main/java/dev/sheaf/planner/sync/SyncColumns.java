package dev.sheaf.planner.sync;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a source's columns meet a table's: each source column's position in the table, the source
 * columns the table lacks (schema drift: added to the table by the sync), and TYPE_MISMATCH for a
 * column whose type changed, checked before anything is written.
 */
record SyncColumns(
    List<SheafColumn> source, List<SheafColumn> table, int[] targets, List<SheafColumn> added) {
  /** Matches by name, case-insensitively; the added columns come last, in source order. */
  static SyncColumns of(String tableName, List<SheafColumn> source, List<SheafColumn> table) {
    int[] targets = new int[source.size()];
    List<SheafColumn> added = new ArrayList<>();
    for (int s = 0; s < source.size(); s++) {
      SheafColumn column = source.get(s);
      int t = indexOf(table, column.name());
      if (t < 0) {
        added.add(new SheafColumn(column.name(), column.type(), true));
        targets[s] = table.size() + added.size() - 1;
        continue;
      }
      SheafType have = table.get(t).type();
      if (!assignable(column.type(), have)) {
        throw SheafException.of(
            ErrorCode.TYPE_MISMATCH,
            "Cannot sync table %s: column %s is %s in the source but %s in the table (change the"
                + " column's type with ALTER TABLE %s ALTER COLUMN %s TYPE ..., or sync into a new"
                + " table); nothing was changed",
            tableName,
            column.name(),
            column.type(),
            have,
            tableName,
            table.get(t).name());
      }
      targets[s] = t;
    }
    List<SheafColumn> all = new ArrayList<>(table);
    all.addAll(added);
    return new SyncColumns(List.copyOf(source), List.copyOf(all), targets, List.copyOf(added));
  }

  /**
   * Whether a source column's values go into a table column unchanged: the same type, or a wider
   * one of its family (INTEGER into BIGINT, REAL into DOUBLE, text into JSON), or BIGINT into
   * INTEGER, each value checked (CSV files read every integer as BIGINT).
   */
  static boolean assignable(SheafType source, SheafType table) {
    if (source.equals(table)) {
      return true;
    }
    TypeKind from = source.kind();
    TypeKind to = table.kind();
    return (from == TypeKind.INTEGER && to == TypeKind.BIGINT)
        || (from == TypeKind.BIGINT && to == TypeKind.INTEGER)
        || (from == TypeKind.REAL && to == TypeKind.DOUBLE)
        || (from == TypeKind.VARCHAR && to == TypeKind.JSON)
        || (from == TypeKind.DECIMAL
            && to == TypeKind.DECIMAL
            && source.scale() == table.scale()
            && source.precision() <= table.precision());
  }

  /** A source value as the table column holds it; null when it does not fit (an error). */
  static Object convert(Object value, SheafType table) {
    if (value == null) {
      return null;
    }
    return switch (table.kind()) {
      case BIGINT -> value instanceof Integer i ? (Object) i.longValue() : value;
      case INTEGER -> {
        if (value instanceof Long l) {
          yield l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : null;
        }
        yield value;
      }
      case DOUBLE -> value instanceof Float f ? (Object) f.doubleValue() : value;
      default -> value;
    };
  }

  static int indexOf(List<SheafColumn> columns, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().toLowerCase(Locale.ROOT).equals(lower)) {
        return i;
      }
    }
    return -1;
  }
}
