package dev.sheaf.planner.exec;

import dev.sheaf.catalog.arrow.ArrowCoercion;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Bulk-ingest batches with their STORED computed columns: each batch the client sends passes
 * through (its buffers move) with the computed columns and their error columns added, computed for
 * its rows by a {@link ComputedEvaluator} before anything is written, so the ingest's one commit
 * holds them. A client that sends a computed column itself is refused.
 */
final class ComputedIngest extends ArrowReader {
  private final ArrowReader source;
  private final ComputedEvaluator evaluator;
  private final List<SheafColumn> columns;
  private final Set<String> computed;

  ComputedIngest(
      BufferAllocator allocator,
      ArrowReader source,
      ComputedEvaluator evaluator,
      List<SheafColumn> tableColumns,
      String table)
      throws IOException {
    super(allocator);
    this.source = source;
    this.evaluator = evaluator;
    this.columns = List.copyOf(tableColumns);
    this.computed = evaluator.columns();
    refuseComputed(source.getVectorSchemaRoot().getSchema(), computed, table);
  }

  /** Refuses a client's batches that carry a computed column (or an error column) themselves. */
  static void refuseComputed(Schema batches, Set<String> computed, String table) {
    for (Field field : batches.getFields()) {
      if (computed.contains(field.getName())) {
        throw SheafException.of(
            ErrorCode.INVALID_QUERY,
            "Cannot write column '%s' of table %s: it is computed (leave it out; Sheaf computes"
                + " it)",
            field.getName(),
            table);
      }
    }
  }

  @Override
  protected Schema readSchema() throws IOException {
    List<Field> fields = new ArrayList<>(source.getVectorSchemaRoot().getSchema().getFields());
    for (SheafColumn column : columns) {
      if (computed.contains(column.name())) {
        fields.add(ArrowTypes.field(column.name(), column.type(), true));
      }
    }
    return new Schema(fields);
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (!source.loadNextBatch()) {
      return false;
    }
    VectorSchemaRoot in = source.getVectorSchemaRoot();
    VectorSchemaRoot out = getVectorSchemaRoot();
    int count = in.getRowCount();
    List<Object[]> rows = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      rows.add(new Object[columns.size()]);
    }
    for (int c = 0; c < columns.size(); c++) {
      SheafColumn column = columns.get(c);
      FieldVector from = in.getVector(column.name());
      if (from == null) {
        continue;
      }
      for (int r = 0; r < count; r++) {
        rows.get(r)[c] = ArrowCoercion.sheafValue(from, r, column.type(), column.name());
      }
    }
    evaluator.fill(rows, new AtomicBoolean());
    for (FieldVector from : in.getFieldVectors()) {
      from.makeTransferPair(out.getVector(from.getField().getName())).transfer();
    }
    for (int c = 0; c < columns.size(); c++) {
      SheafColumn column = columns.get(c);
      if (!computed.contains(column.name())) {
        continue;
      }
      FieldVector to = out.getVector(column.name());
      to.allocateNew();
      for (int r = 0; r < count; r++) {
        Object value = rows.get(r)[c];
        if (value == null) {
          to.setNull(r);
        } else {
          ArrowValues.write(to, r, column.type(), value);
        }
      }
      to.setValueCount(count);
    }
    out.setRowCount(count);
    return true;
  }

  @Override
  public long bytesRead() {
    return source.bytesRead();
  }

  /** The caller owns the client's batches; closing this releases only its own vectors. */
  @Override
  protected void closeReadSource() {}
}
