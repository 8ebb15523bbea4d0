package dev.sheaf.planner.vector;

import dev.sheaf.catalog.computed.ComputedColumn;
import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Lazy fill of one data file's batches: the computed columns the file does not hold are computed
 * for the rows a scan returns ({@link dev.sheaf.planner.schema.MissingCells}), from their inputs
 * read beside the scan's columns, and their vectors (value and error column) replace the NULL ones
 * the file decoded to. Vectors made for a batch are released when the next one comes.
 */
final class LazyColumns implements AutoCloseable {
  private final BufferAllocator allocator;
  private final SheafTable table;
  private final Set<String> missing;

  /** Table column positions (of the scan's columns) that the computed cells replace. */
  private final int[] targets;

  /** Where each column of the table is among the decoded vectors, or -1. */
  private final int[] decodedAt;

  private final int rowIdAt;
  private final AtomicBoolean cancel;
  private final List<FieldVector> made = new ArrayList<>();

  /**
   * @param missing the computed columns the file lacks
   * @param readColumns the table column positions the scan reads
   * @param decoded each table column (by name) to its index among the decoded vectors
   * @param rowIdAt the index of {@code _rowid} among the decoded vectors
   */
  LazyColumns(
      BufferAllocator allocator,
      SheafTable table,
      Set<String> missing,
      int[] readColumns,
      Map<String, Integer> decoded,
      int rowIdAt,
      AtomicBoolean cancel) {
    this.allocator = allocator;
    this.table = table;
    this.missing = Set.copyOf(missing);
    this.rowIdAt = rowIdAt;
    this.cancel = cancel == null ? new AtomicBoolean() : cancel;
    Set<String> replaced = new TreeSet<>();
    for (String column : missing) {
      replaced.add(column);
      replaced.add(ComputedColumn.errorColumn(column));
    }
    List<Integer> positions = new ArrayList<>();
    for (int position : readColumns) {
      if (replaced.contains(table.readColumns().get(position).name())) {
        positions.add(position);
      }
    }
    this.targets = positions.stream().mapToInt(Integer::intValue).toArray();
    this.decodedAt = new int[rowColumns(table)];
    for (int i = 0; i < decodedAt.length; i++) {
      Integer at = decoded.get(table.columns().get(i).name());
      decodedAt[i] = at == null ? -1 : at;
    }
  }

  /** The columns of a row handed to the evaluator: the table's, without {@code _rowid}. */
  private static int rowColumns(SheafTable table) {
    return table.columns().size() - (table.name().withRowId() ? 1 : 0);
  }

  /** Whether the predicate reads a column this file's cells replace. */
  boolean readBy(VectorPredicate predicate) {
    if (predicate == null) {
      return false;
    }
    Set<Integer> read = new TreeSet<>();
    predicate.addColumns(read);
    for (int target : targets) {
      if (read.contains(target)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Computes the missing cells of the given rows of a batch and puts their vectors in {@code
   * byColumn} (by table column position); other rows of those columns read NULL.
   */
  void fill(List<FieldVector> byColumn, List<FieldVector> decoded, int[] rows, int rowCount) {
    release();
    List<Object[]> values = new ArrayList<>(rows.length);
    long[] rowIds = new long[rows.length];
    BigIntVector ids = (BigIntVector) decoded.get(rowIdAt);
    for (int r = 0; r < rows.length; r++) {
      Object[] row = new Object[decodedAt.length];
      for (int c = 0; c < decodedAt.length; c++) {
        FieldVector vector = decodedAt[c] >= 0 ? decoded.get(decodedAt[c]) : null;
        if (vector != null) { // null: a column the file does not hold
          row[c] = FileValues.read(vector, rows[r], table.columns().get(c).type());
        }
      }
      values.add(row);
      rowIds[r] = ids.get(rows[r]);
    }
    table.missingCells().compute(table, missing, values, rowIds, cancel);
    for (int target : targets) {
      SheafColumn column = table.readColumns().get(target);
      int at = indexOf(column.name());
      FieldVector vector =
          ArrowTypes.field(column.name(), column.type(), true).createVector(allocator);
      made.add(vector);
      vector.allocateNew();
      for (int r = 0; r < rows.length; r++) {
        Object value = values.get(r)[at];
        if (value != null) {
          ArrowValues.write(vector, rows[r], column.type(), value);
        }
      }
      vector.setValueCount(rowCount);
      byColumn.set(target, vector);
    }
  }

  private int indexOf(String name) {
    for (int i = 0; i < decodedAt.length; i++) {
      if (table.columns().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }

  /** Releases the vectors made for the last batch. */
  void release() {
    made.forEach(FieldVector::close);
    made.clear();
  }

  @Override
  public void close() {
    release();
  }
}
