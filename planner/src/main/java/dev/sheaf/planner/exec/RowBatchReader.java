package dev.sheaf.planner.exec;

import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Streams rows from Calcite's generated code as Arrow batches, each bounded in rows and in bytes.
 * {@code fields[i]} is the position in the row of result column i.
 */
public final class RowBatchReader extends ArrowReader {
  /** Rows per batch at most. */
  public static final int MAX_ROWS = 65_536;

  /** Bytes per batch, roughly: a batch closes once its buffers pass this size. */
  public static final long MAX_BYTES = 16L << 20;

  private final Enumerator<?> rows;
  private final List<ResultColumn> columns;
  private final int[] fields;
  private final int maxRows;
  private final long maxFillNanos;
  private final int sizeCheckMask;
  private boolean exhausted;
  private boolean sheafValues;

  public RowBatchReader(
      BufferAllocator allocator,
      Enumerator<?> rows,
      List<ResultColumn> columns,
      int[] fields,
      int maxRows) {
    this(allocator, rows, columns, fields, maxRows, Long.MAX_VALUE);
  }

  /**
   * @param maxFillNanos a batch with rows in it is sent once it has been filling this long, full or
   *     not: rows that are slow to compute (media functions fetching objects) reach the client
   *     without waiting for a whole batch
   */
  public RowBatchReader(
      BufferAllocator allocator,
      Enumerator<?> rows,
      List<ResultColumn> columns,
      int[] fields,
      int maxRows,
      long maxFillNanos) {
    super(allocator);
    this.rows = rows;
    this.columns = List.copyOf(columns);
    this.fields = fields.clone();
    this.maxRows = maxRows;
    this.maxFillNanos = maxFillNanos;
    // tensor cells are large (150 KB for 224x224x3 bytes): check the batch's size at every row
    this.sizeCheckMask = this.columns.stream().anyMatch(c -> c.tensor() != null) ? 0 : 1023;
  }

  /**
   * Rows that already hold Sheaf values (timestamps in microseconds), from an Arrow operator rather
   * than from Calcite's code.
   */
  public static RowBatchReader ofSheafValues(
      BufferAllocator allocator, Enumerator<?> rows, List<ResultColumn> columns, int[] fields) {
    RowBatchReader reader = new RowBatchReader(allocator, rows, columns, fields, MAX_ROWS);
    reader.sheafValues = true;
    return reader;
  }

  public List<ResultColumn> columns() {
    return columns;
  }

  @Override
  public boolean loadNextBatch() throws java.io.IOException {
    try {
      return fillBatch();
    } catch (RuntimeException e) {
      // generated code computes a row's values as the row is read: its errors are SQL errors
      SheafException evaluation = EvaluationErrors.translate(e);
      throw evaluation != null ? evaluation : e;
    }
  }

  private boolean fillBatch() throws java.io.IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    if (exhausted) {
      root.setRowCount(0);
      return false;
    }
    List<FieldVector> vectors = root.getFieldVectors();
    for (int i = 0; i < columns.size(); i++) {
      TensorType tensor = columns.get(i).tensor();
      if (tensor != null) {
        // Arrow's default initial capacity (thousands of cells) would be gigabytes of tensors
        TensorCells.reserve(vectors.get(i), Math.clamp(MAX_BYTES / tensor.cellBytes(), 1, maxRows));
      }
    }
    root.allocateNew();
    int count = 0;
    long started = maxFillNanos == Long.MAX_VALUE ? 0 : System.nanoTime();
    while (count < maxRows) {
      if (!rows.moveNext()) {
        exhausted = true;
        break;
      }
      Object current = rows.current();
      for (int i = 0; i < fields.length; i++) {
        Object value = current instanceof Object[] array ? array[fields[i]] : current;
        ResultColumn column = columns.get(i);
        var type = column.type();
        Object cell = sheafValues ? value : CalciteValues.fromCalcite(type, value);
        if (column.tensor() != null) {
          TensorCells.write(vectors.get(i), count, column.tensor(), (byte[]) cell);
        } else {
          ArrowValues.write(vectors.get(i), count, type, cell);
        }
      }
      count++;
      if ((count & sizeCheckMask) == 0 && bufferBytes(vectors) > MAX_BYTES) {
        break;
      }
      if (maxFillNanos != Long.MAX_VALUE && System.nanoTime() - started > maxFillNanos) {
        break;
      }
    }
    root.setRowCount(count);
    return count > 0;
  }

  private static long bufferBytes(List<FieldVector> vectors) {
    long bytes = 0;
    for (FieldVector vector : vectors) {
      bytes += vector.getBufferSize();
    }
    return bytes;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    rows.close();
  }

  @Override
  protected Schema readSchema() {
    List<Field> arrowFields = new ArrayList<>();
    for (ResultColumn column : columns) {
      arrowFields.add(column.field());
    }
    return new Schema(arrowFields);
  }
}
