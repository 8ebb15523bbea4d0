package dev.sheaf.planner;

import java.io.IOException;
import java.util.List;
import java.util.function.LongBinaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches of one nullable BIGINT column {@code id} for ingest tests: {@code id(batch, row)} gives
 * each value; batch {@code nullBatch} (or none, with -1) holds a null in its middle row.
 */
final class IdBatches extends ArrowReader {
  private final int batches;
  private final int rows;
  private final LongBinaryOperator id;
  private final int nullBatch;
  private int batch;

  IdBatches(
      BufferAllocator allocator, int batches, int rows, LongBinaryOperator id, int nullBatch) {
    super(allocator);
    this.batches = batches;
    this.rows = rows;
    this.id = id;
    this.nullBatch = nullBatch;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (batch == batches) {
      return false;
    }
    VectorSchemaRoot root = getVectorSchemaRoot();
    BigIntVector ids = (BigIntVector) root.getVector(0);
    ids.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      ids.set(i, id.applyAsLong(batch, i));
    }
    if (batch == nullBatch) {
      ids.setNull(rows / 2);
    }
    ids.setValueCount(rows);
    root.setRowCount(rows);
    batch++;
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {}

  @Override
  protected Schema readSchema() {
    return new Schema(
        List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)));
  }
}
