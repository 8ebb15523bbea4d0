package dev.sheaf.planner.exec;

import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.computed.ComputedFiles;
import dev.sheaf.catalog.computed.LazyCells;
import dev.sheaf.catalog.jobs.BackfillJob;
import dev.sheaf.planner.schema.MissingCells;
import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Sheaf's lazy fill ({@link MissingCells}) for one statement: computes the missing cells with the
 * same {@link ComputedEvaluator} a backfill chunk uses, so the values and errors are the ones the
 * backfill stores, and keeps each computed cell in the catalog's {@link LazyCells} for the backfill
 * to store. Evaluators are compiled once per statement and set of columns.
 */
final class LazyFill implements MissingCells {
  private final ComputedEvaluator.Scope scope;
  private final Map<String, ComputedEvaluator> evaluators = new HashMap<>();

  /** The columns whose backfill was cancelled or failed, by table UUID; loaded once. */
  private Set<String> stopped;

  LazyFill(ComputedEvaluator.Scope scope) {
    this.scope = scope;
  }

  @Override
  public Set<String> missing(SheafTable table, DataFile file, Set<String> read) {
    if (table.schema().schemaId() != table.iceberg().schema().schemaId()) {
      return Set.of(); // an older version's schema: its cells read as they were stored
    }
    boolean lazyFill = BackfillSettings.fromSystemProperties().lazyFill();
    Set<String> missing = new LinkedHashSet<>();
    for (ComputedColumn column : ComputedColumns.of(table.iceberg())) {
      if (!read.contains(column.name()) && !read.contains(column.errorColumn())) {
        continue;
      }
      NestedField field = table.schema().findField(column.name());
      if (field == null) {
        continue;
      }
      if (column.virtual()
          || (lazyFill
              && !ComputedFiles.holds(file, field)
              && !stopped().contains(table.iceberg().uuid() + "/" + column.name()))) {
        missing.add(column.name()); // VIRTUAL: computed by every read, whatever the file holds
      }
    }
    return missing;
  }

  /**
   * The columns ({@code uuid/column}) whose last backfill was cancelled or failed: their missing
   * cells stay NULL until RECOMPUTE fills them, as a user who stopped the work expects.
   */
  private synchronized Set<String> stopped() {
    if (stopped == null) {
      Map<String, BackfillJob> last = new HashMap<>();
      for (BackfillJob job : scope.catalog().backfillJobs().list()) {
        last.put(job.tableUuid() + "/" + job.column(), job); // oldest first: the last one wins
      }
      Set<String> ended = new java.util.HashSet<>();
      last.forEach(
          (key, job) -> {
            if (job.state() == BackfillJob.State.CANCELLED
                || job.state() == BackfillJob.State.FAILED) {
              ended.add(key);
            }
          });
      stopped = ended;
    }
    return stopped;
  }

  @Override
  public Set<String> inputs(SheafTable table, Set<String> computed) {
    Set<String> inputs = new LinkedHashSet<>();
    for (ComputedColumn column : definitions(table, computed)) {
      inputs.addAll(column.inputs());
    }
    return inputs;
  }

  @Override
  public void compute(
      SheafTable table,
      Set<String> computed,
      List<Object[]> rows,
      long[] rowIds,
      AtomicBoolean cancel) {
    if (rows.isEmpty()) {
      return;
    }
    List<ComputedColumn> definitions = definitions(table, computed);
    ComputedEvaluator evaluator;
    synchronized (evaluators) {
      evaluator =
          evaluators.computeIfAbsent(
              table.iceberg().uuid() + "/" + computed,
              key -> scope.evaluator(table.iceberg(), definitions));
    }
    evaluator.fill(rows, cancel);
    List<SheafColumn> columns = table.columns();
    String uuid = table.iceberg().uuid().toString();
    LazyCells kept = scope.catalog().lazyCells();
    for (ComputedColumn column : definitions) {
      if (column.virtual()) {
        continue; // never stored: no backfill takes its cells
      }
      int value = position(columns, column.name());
      int error = position(columns, column.errorColumn());
      int[] inputs = column.inputs().stream().mapToInt(name -> position(columns, name)).toArray();
      for (int r = 0; r < rows.size(); r++) {
        Object[] row = rows.get(r);
        Object[] from = new Object[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
          from[i] = row[inputs[i]];
        }
        kept.put(
            uuid,
            column.name(),
            rowIds[r],
            new LazyCells.Cell(from, row[value], (String) row[error]));
      }
    }
  }

  private static List<ComputedColumn> definitions(SheafTable table, Set<String> computed) {
    List<ComputedColumn> definitions = new ArrayList<>();
    for (ComputedColumn column : ComputedColumns.of(table.iceberg())) {
      if (computed.contains(column.name())) {
        definitions.add(column);
      }
    }
    return definitions;
  }

  private static int position(List<SheafColumn> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }
}
