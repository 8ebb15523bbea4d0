package dev.sheaf.planner.vector;

import dev.sheaf.catalog.arrow.ScanMetrics;
import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.expressions.Expression;

/**
 * Sheaf's vectorized scan: Parquet pages decode into Arrow vectors in Arrow's C++ reader, the WHERE
 * predicate runs on those vectors, and selected columns move into the result batch without copying
 * when every row passes. Used for queries that are a scan, a filter and a LIMIT of a table on local
 * storage; everything else runs on Calcite's row engine.
 */
public final class ArrowScanReader extends ArrowReader {
  private final int[] outputColumns;
  private final List<VectorExpression> outputExpressions;
  private final List<ResultColumn> resultColumns;
  private final VectorPredicate predicate;
  private final long limit;
  private final AtomicBoolean cancel;
  private final TableBatchCursor cursor;
  private long produced;

  /**
   * @param readColumns table column positions to read (predicate and output columns)
   * @param outputColumns table column position of each result column
   */
  public ArrowScanReader(
      BufferAllocator allocator,
      SheafTable table,
      int[] readColumns,
      int[] outputColumns,
      List<VectorExpression> outputExpressions,
      List<ResultColumn> resultColumns,
      VectorPredicate predicate,
      Expression pruning,
      long limit,
      AtomicBoolean cancel,
      int batchRows,
      RowWindow window) {
    super(allocator);
    this.outputColumns = outputColumns.clone();
    this.outputExpressions = outputExpressions;
    this.resultColumns = List.copyOf(resultColumns);
    this.predicate = predicate;
    this.limit = limit;
    this.cancel = cancel;
    // a LIMIT usually stops within the first file: decoding files ahead would be wasted
    int parallelism = limit >= 0 ? 1 : Runtime.getRuntime().availableProcessors();
    this.cursor =
        new TableBatchCursor(
            allocator,
            table,
            readColumns,
            predicate,
            pruning,
            batchRows,
            window,
            parallelism,
            cancel,
            lateColumns(outputColumns, outputExpressions, predicate));
  }

  /**
   * The output columns decoded only for the rows the predicate selects (late materialization): with
   * a predicate, string columns the file stores as dictionaries stay encoded until then, unless the
   * predicate or an output expression reads them.
   */
  private static java.util.Set<Integer> lateColumns(
      int[] outputColumns, List<VectorExpression> expressions, VectorPredicate predicate) {
    if (predicate == null) {
      return java.util.Set.of();
    }
    java.util.Set<Integer> early = new java.util.TreeSet<>();
    predicate.addColumns(early);
    for (VectorExpression expression : expressions) {
      if (expression != null) {
        expression.addColumns(early);
      }
    }
    java.util.Set<Integer> late = new java.util.TreeSet<>();
    for (int column : outputColumns) {
      if (column >= 0 && !early.contains(column)) {
        late.add(column);
      }
    }
    return late;
  }

  /** Whether the vectorized scan can read this table (its files are on local disk). */
  public static boolean supports(SheafTable table) {
    return TableBatchCursor.supports(table);
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    while ((limit < 0 || produced < limit) && cursor.next()) {
      if (cancel != null && cancel.get()) {
        throw new SheafException(ErrorCode.CANCELLED, "Cannot finish the query: it was cancelled");
      }
      int rows = cursor.rowCount();
      List<FieldVector> byColumn = cursor.columns();
      int[] selected =
          predicate == null && cursor.wholeBatchInWindow()
              ? null
              : cursor.select(predicate, limit < 0 ? Long.MAX_VALUE : limit - produced);
      int count = selected == null ? rows : selected.length;
      if (limit >= 0) {
        count = (int) Math.min(count, limit - produced);
      }
      if (count == 0) {
        continue;
      }
      fill(root, byColumn, selected, rows, count);
      produced += count;
      return true;
    }
    root.setRowCount(0);
    return false;
  }

  private void fill(
      VectorSchemaRoot root, List<FieldVector> byColumn, int[] selected, int rows, int count) {
    boolean whole = selected == null && count == rows;
    // expressions first: a column they read may move into the result below
    for (int i = 0; i < outputColumns.length; i++) {
      if (outputColumns[i] < 0) {
        VectorExpression.write(
            outputExpressions.get(i).bind(byColumn), selected, count, root.getVector(i));
      }
    }
    for (int i = 0; i < outputColumns.length; i++) {
      if (outputColumns[i] < 0) {
        continue;
      }
      FieldVector target = root.getVector(i);
      EncodedStrings encoded = cursor.encoded(outputColumns[i]);
      if (encoded != null && target instanceof VarCharVector strings) {
        encoded.copyTo(strings, selected, count);
        continue;
      }
      FieldVector source = byColumn.get(outputColumns[i]);
      SheafType type = resultColumns.get(i).type();
      if (source != null
          && whole
          && source.getField().getType().equals(target.getField().getType())
          && !usedTwice(outputColumns[i], i)) {
        source.makeTransferPair(target).transfer();
        continue;
      }
      if (source instanceof BaseFixedWidthVector fixed
          && !(source instanceof BitVector)
          && source.getField().getType().equals(target.getField().getType())) {
        gather(fixed, selected, count, (BaseFixedWidthVector) target);
        continue;
      }
      target.clear();
      target.allocateNew();
      if (source != null) {
        for (int row = 0; row < count; row++) {
          int from = selected == null ? row : selected[row];
          copy(source, from, target, row, type);
        }
      }
      target.setValueCount(count);
    }
    root.setRowCount(count);
  }

  private boolean usedTwice(int column, int index) {
    for (int i = 0; i < outputColumns.length; i++) {
      if (i != index && outputColumns[i] == column) {
        return true;
      }
    }
    return false;
  }

  /**
   * Copies the selected rows of a fixed-width column with one loop over its buffers (values and
   * validity bits), not a checked copy call per value.
   */
  private static void gather(
      BaseFixedWidthVector source, int[] selected, int count, BaseFixedWidthVector target) {
    target.clear();
    target.allocateNew(count);
    int width = source.getTypeWidth();
    ArrowBuf from = source.getDataBuffer();
    ArrowBuf to = target.getDataBuffer();
    ArrowBuf fromValid = source.getValidityBuffer();
    ArrowBuf toValid = target.getValidityBuffer();
    for (int row = 0; row < count; row++) {
      int at = selected == null ? row : selected[row];
      if (BitVectorHelper.get(fromValid, at) == 0) {
        continue; // validity bits start cleared: the row stays NULL
      }
      BitVectorHelper.setBit(toValid, row);
      switch (width) {
        case Long.BYTES -> to.setLong((long) row * width, from.getLong((long) at * width));
        case Integer.BYTES -> to.setInt((long) row * width, from.getInt((long) at * width));
        default -> to.setBytes((long) row * width, from, (long) at * width, width);
      }
    }
    target.setValueCount(count);
  }

  private static void copy(
      FieldVector source, int from, FieldVector target, int to, SheafType type) {
    if (source.isNull(from)) {
      return;
    }
    if (type.kind() == TypeKind.VECTOR && source instanceof ListVector list) {
      int start = list.getElementStartIndex(from);
      int end = list.getElementEndIndex(from);
      Float4Vector data = (Float4Vector) list.getDataVector();
      float[] values = new float[end - start];
      for (int k = start; k < end; k++) {
        values[k - start] = data.get(k);
      }
      ArrowValues.write(target, to, type, values);
    } else if (source.getField().getType().equals(target.getField().getType())) {
      target.copyFromSafe(from, to, source);
    } else {
      ArrowValues.write(target, to, type, ArrowValues.read(source, from, type));
    }
  }

  /** What the scan's file readers have done so far: files decoded, row groups skipped. */
  public ScanMetrics metrics() {
    return cursor.metrics();
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    cursor.close();
  }

  @Override
  protected Schema readSchema() {
    List<Field> fields = new ArrayList<>();
    for (ResultColumn column : resultColumns) {
      fields.add(column.field());
    }
    return new Schema(fields);
  }

  @Override
  public String toString() {
    return "ArrowScanReader" + Arrays.toString(outputColumns);
  }
}
