package dev.sheaf.planner.exec;

import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
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
 */
final class ComputedCompleter implements RowCompleter {
  private final ComputedEvaluator.Scope scope;

  ComputedCompleter(ComputedEvaluator.Scope scope) {
    this.scope = scope;
  }

  @Override
  public long complete(Table table, List<Object[]> stored) {
    List<ComputedColumn> computed = ComputedColumns.of(table);
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
    List<Object[]> pending = new ArrayList<>();
    List<Object[]> pendingStored = new ArrayList<>();
    for (Object[] row : stored) {
      Object[] values = new Object[positions.length];
      for (int i = 0; i < positions.length; i++) {
        values[i] = row[positions[i]];
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

  private static int indexOf(List<SheafColumn> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }
}
