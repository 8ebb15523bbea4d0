package dev.sheaf.planner.result;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows {@code first} up to {@code end} of a kept result's Arrow IPC file: only the record batches
 * that hold them are read (the file's footer locates each), and the boundary batches are sliced.
 */
final class KeptResultReader extends ArrowReader {
  private final ArrowFileReader file;
  private final long[] batchStarts;
  private final long first;
  private final long end;
  private int batch;

  /**
   * @param batchStarts the first row of each batch in the file, then the total row count
   */
  KeptResultReader(
      BufferAllocator allocator, FileChannel channel, long[] batchStarts, long first, long end) {
    super(allocator);
    this.file = new ArrowFileReader(channel, allocator);
    this.batchStarts = batchStarts;
    this.first = first;
    this.end = end;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    VectorSchemaRoot target = getVectorSchemaRoot();
    int batches = batchStarts.length - 1;
    while (batch < batches && batchStarts[batch + 1] <= first) {
      batch++;
    }
    if (batch >= batches || batchStarts[batch] >= end) {
      target.setRowCount(0);
      return false;
    }
    List<ArrowBlock> blocks = file.getRecordBlocks();
    file.loadRecordBatch(blocks.get(batch));
    VectorSchemaRoot source = file.getVectorSchemaRoot();
    long start = batchStarts[batch];
    int from = (int) (Math.max(first, start) - start);
    int to = (int) (Math.min(end, batchStarts[batch + 1]) - start);
    for (int i = 0; i < source.getFieldVectors().size(); i++) {
      source.getVector(i).makeTransferPair(target.getVector(i)).splitAndTransfer(from, to - from);
    }
    target.setRowCount(to - from);
    source.clear();
    batch++;
    return true;
  }

  @Override
  public long bytesRead() {
    return file.bytesRead();
  }

  @Override
  protected void closeReadSource() throws IOException {
    file.close();
  }

  @Override
  protected Schema readSchema() throws IOException {
    return file.getVectorSchemaRoot().getSchema();
  }
}
