package dev.sheaf.planner.exec;

import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.computed.LazyCells;
import dev.sheaf.catalog.computed.RowCompleter;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Computes the computed cells of stored rows that are NULL with no error: the rows of a backfill
 * chunk, and the rows a rewrite (UPDATE, DELETE, MERGE, another column's chunk) writes again, so a
 * file is never written with a computed column it was never filled for. A cell that is NULL because
 * its expression gives NULL is computed again (the same NULL) each time its file is rewritten.
 * Cells a query computed first (lazy fill) are taken as it computed them.
 */
final class ComputedCompleter implements RowCompleter {
  private final ComputedEvaluator.Scope scope;
  private final LazyCells lazyCells;

  ComputedCompleter(ComputedEvaluator.Scope scope) {
    this.scope = scope;
    this.lazyCells = scope.catalog().lazyCells();
  }

  @Override
  public long complete(Table table, List<Object[]> stored) {
    List<ComputedColumn> computed = ComputedColumns.stored(table);
    if (computed.isEmpty() || stored.isEmpty()) {
      return 0;
    }
    List<String> all = table.schema().columns().stream().map(NestedField::name).toList();
    List<SheafColumn> visible = IcebergSchemas.columns(table.schema());
    int[] positions = new int[visible.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = all.indexOf(visible.get(i).name());
    }
    List<int[]> cells = new ArrayList<>(); // [visible value, visible error] per computed column
    for (ComputedColumn column : computed) {
      cells.add(
          new int[] {indexOf(visible, column.name()), indexOf(visible, column.errorColumn())});
    }
    int rowId = all.indexOf(IcebergSchemas.ROWID);
    LazyKept kept = new LazyKept(table, computed, visible);
    List<Object[]> pending = new ArrayList<>();
    List<Object[]> pendingStored = new ArrayList<>();
    for (Object[] row : stored) {
      Object[] values = new Object[positions.length];
      for (int i = 0; i < positions.length; i++) {
        values[i] = row[positions[i]];
      }
      if (rowId >= 0 && row[rowId] instanceof Long id && kept.take(id, values)) {
        // every missing cell was computed by a query first (lazy fill): stored as it computed it
        for (int[] c : cells) {
          row[positions[c[0]]] = values[c[0]];
          row[positions[c[1]]] = values[c[1]];
        }
        continue;
      }
      if (cells.stream().anyMatch(c -> values[c[0]] == null && values[c[1]] == null)) {
        pending.add(values);
        pendingStored.add(row);
      }
    }
    if (pending.isEmpty()) {
      return 0;
    }
    List<Object[]> computedRows = new ArrayList<>(pending.size());
    for (Object[] values : pending) {
      computedRows.add(values.clone());
    }
    long failed = scope.evaluator(table).fill(computedRows, new AtomicBoolean());
    for (int r = 0; r < pending.size(); r++) {
      Object[] before = pending.get(r);
      Object[] after = computedRows.get(r);
      Object[] row = pendingStored.get(r);
      for (int[] c : cells) {
        if (before[c[0]] == null && before[c[1]] == null) {
          row[positions[c[0]]] = after[c[0]];
          row[positions[c[1]]] = after[c[1]];
        }
      }
    }
    return failed;
  }

  /**
   * The cells that queries computed first for this table ({@link
   * dev.sheaf.catalog.computed.LazyCells}), taken for a row when every missing cell of it is there.
   */
  private final class LazyKept {
    private final String uuid;
    private final List<ComputedColumn> computed;
    private final List<int[]> inputs = new ArrayList<>();
    private final int[] value;
    private final int[] error;

    LazyKept(Table table, List<ComputedColumn> computed, List<SheafColumn> visible) {
      this.uuid = table.uuid().toString();
      this.computed = computed;
      this.value = new int[computed.size()];
      this.error = new int[computed.size()];
      for (int i = 0; i < computed.size(); i++) {
        ComputedColumn column = computed.get(i);
        value[i] = indexOf(visible, column.name());
        error[i] = indexOf(visible, column.errorColumn());
        inputs.add(column.inputs().stream().mapToInt(name -> indexOf(visible, name)).toArray());
      }
    }

    /**
     * Sets the row's missing cells from the kept ones; false (row unchanged) if one is not kept.
     */
    boolean take(long rowId, Object[] values) {
      Object[][] found = new Object[computed.size()][];
      for (int i = 0; i < computed.size(); i++) {
        if (values[value[i]] != null || values[error[i]] != null) {
          continue;
        }
        Object[] from = new Object[inputs.get(i).length];
        for (int k = 0; k < from.length; k++) {
          from[k] = values[inputs.get(i)[k]];
        }
        var cell = lazyCells.take(uuid, computed.get(i).name(), rowId, from);
        if (cell.isEmpty()) {
          return false;
        }
        found[i] = new Object[] {cell.get().value(), cell.get().error()};
      }
      for (int i = 0; i < computed.size(); i++) {
        if (found[i] != null) {
          values[value[i]] = found[i][0];
          values[error[i]] = found[i][1];
        }
      }
      return true;
    }
  }

  private static int indexOf(List<SheafColumn> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }
}
