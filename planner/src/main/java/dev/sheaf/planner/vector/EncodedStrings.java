package dev.sheaf.planner.vector;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A string column of one batch as its data file's dictionary pages hold it: an int32 index per row
 * into the batch's dictionary of distinct strings. A scan keeps a column this way until it knows
 * which rows it returns, then copies only those rows' strings ({@link #copyTo}); {@link #decode}
 * turns the whole batch into plain strings for readers that want every row.
 */
record EncodedStrings(IntVector indices, VarCharVector dictionary) implements AutoCloseable {
  private static final int OFFSET = BaseVariableWidthVector.OFFSET_WIDTH;

  /**
   * Moves a batch's indexes out of the file reader and copies its dictionary (the reader may keep
   * using the dictionary for its next batch).
   */
  static EncodedStrings take(
      IntVector indices, VarCharVector dictionary, BufferAllocator allocator) {
    TransferPair pair = indices.getTransferPair(allocator);
    pair.transfer();
    VarCharVector copy = new VarCharVector(dictionary.getField(), allocator);
    int values = dictionary.getValueCount();
    copy.allocateNew(Math.max(1, dictionary.getDataBuffer().writerIndex()), Math.max(1, values));
    for (int i = 0; i < values; i++) {
      copy.copyFromSafe(i, i, dictionary);
    }
    copy.setValueCount(values);
    return new EncodedStrings((IntVector) pair.getTo(), copy);
  }

  /** Writes rows {@code selected[0..count)} (or {@code 0..count} when null) into {@code target}. */
  void copyTo(VarCharVector target, int[] selected, int count) {
    ArrowBuf offsets = dictionary.getOffsetBuffer();
    ArrowBuf data = dictionary.getDataBuffer();
    long bytes = 0;
    for (int row = 0; row < count; row++) {
      int from = selected == null ? row : selected[row];
      if (!indices.isNull(from)) {
        int index = indices.get(from);
        bytes +=
            offsets.getInt((long) (index + 1) * OFFSET) - offsets.getInt((long) index * OFFSET);
      }
    }
    target.clear();
    target.allocateNew(Math.max(1, bytes), Math.max(1, count));
    ArrowBuf targetOffsets = target.getOffsetBuffer();
    ArrowBuf targetData = target.getDataBuffer();
    long at = 0;
    targetOffsets.setInt(0, 0);
    for (int row = 0; row < count; row++) {
      int from = selected == null ? row : selected[row];
      if (!indices.isNull(from)) {
        int index = indices.get(from);
        int start = offsets.getInt((long) index * OFFSET);
        int length = offsets.getInt((long) (index + 1) * OFFSET) - start;
        targetData.setBytes(at, data, start, length);
        at += length;
        target.setIndexDefined(row);
      }
      targetOffsets.setInt((long) (row + 1) * OFFSET, (int) at);
    }
    target.setLastSet(count - 1);
    target.setValueCount(count);
  }

  /** Every row as plain strings, in a new vector owned by the caller. */
  VarCharVector decode(BufferAllocator allocator) {
    VarCharVector plain = new VarCharVector(dictionary.getField().getName(), allocator);
    copyTo(plain, null, indices.getValueCount());
    return plain;
  }

  @Override
  public void close() {
    indices.close();
    dictionary.close();
  }
}
