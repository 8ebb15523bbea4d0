package dev.sheaf.planner.vector;

import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.iceberg.expressions.Expression;

/**
 * Rows for Calcite's row engine, read the fast way: Parquet decodes to Arrow vectors, the pushed
 * filters run on the vectors when they can, and only the rows that pass become Java rows (of the
 * projected columns, in Calcite's value forms). Calcite still applies the filters after.
 */
public final class VectorRowEnumerator implements Enumerator<Object[]> {
  /** Rows per decoded batch: large batches keep the per-batch cost of the JNI reader small. */
  private static final int BATCH_ROWS = 65_536;

  private final TableBatchCursor cursor;
  private final int[] projection;
  private final SheafType[] types;
  private final VectorPredicate predicate;
  private final AtomicBoolean cancel;
  private int[] selected = new int[0];
  private int rows;
  private int next;
  private boolean all;
  private Object[] current;

  public VectorRowEnumerator(
      BufferAllocator allocator,
      SheafTable table,
      int[] projection,
      VectorPredicate predicate,
      Expression pruning,
      AtomicBoolean cancel,
      RowWindow window) {
    this.projection = projection.clone();
    this.types = new SheafType[projection.length];
    for (int i = 0; i < projection.length; i++) {
      types[i] = table.readColumns().get(projection[i]).type();
    }
    this.predicate = predicate;
    this.cancel = cancel;
    java.util.Set<Integer> read = new java.util.TreeSet<>();
    for (int column : projection) {
      read.add(column);
    }
    if (predicate != null) {
      predicate.addColumns(read);
    }
    this.cursor =
        new TableBatchCursor(
            allocator,
            table,
            read.stream().mapToInt(Integer::intValue).toArray(),
            predicate,
            pruning,
            BATCH_ROWS,
            window,
            Runtime.getRuntime().availableProcessors(),
            cancel,
            java.util.Set.of());
  }

  @Override
  public Object[] current() {
    return current;
  }

  @Override
  public boolean moveNext() {
    while (true) {
      if (all ? next < rows : next < selected.length) {
        int row = all ? next : selected[next];
        next++;
        List<FieldVector> columns = cursor.columns();
        Object[] values = new Object[projection.length];
        for (int i = 0; i < projection.length; i++) {
          FieldVector vector = columns.get(projection[i]);
          values[i] =
              vector == null
                  ? null
                  : CalciteValues.toCalcite(types[i], FileValues.read(vector, row, types[i]));
        }
        current = values;
        return true;
      }
      if (cancel != null && cancel.get()) {
        throw new SheafException(ErrorCode.CANCELLED, "Cannot finish the query: it was cancelled");
      }
      if (!cursor.next()) {
        return false;
      }
      rows = cursor.rowCount();
      next = 0;
      all = predicate == null && cursor.wholeBatchInWindow();
      if (!all) {
        selected = cursor.select(predicate);
      }
    }
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("a table scan cannot restart");
  }

  @Override
  public void close() {
    cursor.close();
  }
}
