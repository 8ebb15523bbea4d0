package dev.sheaf.planner.sync;

import dev.sheaf.catalog.sources.SourceKeys;
import dev.sheaf.catalog.sources.SourceRows;
import dev.sheaf.catalog.sources.SyncError;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks each source row before a sync writes it, as the table will hold it (the table's columns,
 * the added ones last): a NULL key or NULL in a NOT NULL column, a value its column cannot hold, a
 * key that two source rows share (all of them are refused: which one is right is the source's to
 * say). Refused rows become errors; the others are synced.
 */
final class SourceRowCheck {
  /** The rows that passed, as table rows, with the index of each in the source rows. */
  record Checked(List<Object[]> rows, List<Integer> sourceIndex, List<SyncError> errors) {}

  private SourceRowCheck() {}

  static Checked check(
      SourceRows source,
      SyncColumns columns,
      int[] keyAt,
      boolean newTable,
      String runId,
      String schema,
      String table) {
    List<SheafColumn> targets = columns.table();
    int width = targets.size();
    List<Object[]> converted = new ArrayList<>(source.size());
    List<SyncError> errors = new ArrayList<>();
    Map<List<Object>, Integer> firstOfKey = new HashMap<>(source.size() * 2);
    Set<List<Object>> duplicated = new HashSet<>();
    List<List<Object>> keys = new ArrayList<>(source.size());
    for (int i = 0; i < source.size(); i++) {
      Object[] values = source.rows().get(i);
      Object[] row = new Object[width];
      String problem = null;
      ErrorCode code = null;
      for (int s = 0; s < values.length; s++) {
        int t = columns.targets()[s];
        Object value = SyncColumns.convert(values[s], targets.get(t).type());
        if (value == null && values[s] != null) {
          code = ErrorCode.NUMERIC_OVERFLOW;
          problem =
              "value "
                  + values[s]
                  + " of column "
                  + targets.get(t).name()
                  + " does not fit "
                  + targets.get(t).type();
        }
        row[t] = value;
      }
      List<Object> key = SourceKeys.of(row, keyAt);
      keys.add(key);
      if (problem == null) {
        for (int k = 0; k < keyAt.length; k++) {
          if (key.get(k) == null) {
            code = ErrorCode.NOT_NULL_VIOLATION;
            problem = "key column " + targets.get(keyAt[k]).name() + " is NULL";
          }
        }
      }
      if (problem == null && !newTable) {
        for (int t = 0; t < width; t++) {
          if (!targets.get(t).nullable() && row[t] == null && isSourceColumn(columns, t)) {
            code = ErrorCode.NOT_NULL_VIOLATION;
            problem = "column " + targets.get(t).name() + " is NOT NULL in the table but NULL here";
          }
        }
      }
      if (problem != null) {
        errors.add(error(source, i, key, code, problem, runId, schema, table));
        converted.add(null);
        continue;
      }
      Integer first = firstOfKey.putIfAbsent(key, i);
      if (first != null) {
        duplicated.add(key);
      }
      converted.add(row);
    }
    List<Object[]> rows = new ArrayList<>(converted.size());
    List<Integer> index = new ArrayList<>(converted.size());
    for (int i = 0; i < converted.size(); i++) {
      Object[] row = converted.get(i);
      if (row == null) {
        continue;
      }
      if (!duplicated.isEmpty() && duplicated.contains(keys.get(i))) {
        errors.add(
            error(
                source,
                i,
                keys.get(i),
                ErrorCode.DUPLICATE_KEY,
                "another source row has the same key; none of them was synced",
                runId,
                schema,
                table));
        continue;
      }
      rows.add(row);
      index.add(i);
    }
    return new Checked(rows, index, errors);
  }

  /** Whether table column {@code t} is one the source gives values for. */
  private static boolean isSourceColumn(SyncColumns columns, int t) {
    for (int target : columns.targets()) {
      if (target == t) {
        return true;
      }
    }
    return false;
  }

  /** A key as provenance and errors show it: the value, or the values joined by ", ". */
  static String keyText(List<Object> key) {
    return key.size() == 1
        ? String.valueOf(key.get(0))
        : key.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static SyncError error(
      SourceRows source,
      int i,
      List<Object> key,
      ErrorCode code,
      String problem,
      String runId,
      String schema,
      String table) {
    boolean hasKey = key.stream().anyMatch(value -> value != null);
    return new SyncError(
        runId,
        schema,
        table,
        source.origin(i),
        source.line(i),
        hasKey ? keyText(key) : null,
        code.name(),
        "Cannot sync source row at line "
            + source.line(i)
            + " of "
            + source.origin(i)
            + ": "
            + problem
            + " (fix the row at the source; the next sync picks it up)");
  }
}
