package dev.sheaf.planner.exec;

import dev.sheaf.spi.types.TensorType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * Writes tensor cells (raw little-endian element bytes) into the FixedSizeList vector of a {@link
 * TensorType} column, copying each cell's bytes into the elements' buffer at once.
 */
final class TensorCells {
  private TensorCells() {}

  /** Sizes a tensor vector for about {@code rows} cells before {@code allocateNew}. */
  static void reserve(FieldVector vector, int rows) {
    vector.setInitialCapacity(rows);
  }

  static void write(FieldVector vector, int index, TensorType type, byte[] cell) {
    if (cell == null) {
      return;
    }
    if (cell.length != type.cellBytes()) {
      throw new IllegalStateException(
          "a tensor cell of " + cell.length + " bytes in a column of " + type);
    }
    FixedSizeListVector list = (FixedSizeListVector) vector;
    int size = type.size();
    int start = list.startNewValue(index);
    BaseFixedWidthVector elements = (BaseFixedWidthVector) list.getDataVector();
    while (elements.getValueCapacity() < start + size) {
      elements.reAlloc();
    }
    elements.getDataBuffer().setBytes((long) start * type.element().bytes(), cell);
    setValid(elements.getValidityBuffer(), start, start + size);
  }

  /** Sets the validity bits of elements [from, to). */
  private static void setValid(ArrowBuf validity, int from, int to) {
    int index = from;
    while (index < to && (index & 7) != 0) {
      BitVectorHelper.setBit(validity, index++);
    }
    int wholeBytes = (to - index) >>> 3;
    if (wholeBytes > 0) {
      validity.setOne((long) (index >>> 3), (long) wholeBytes);
      index += wholeBytes << 3;
    }
    while (index < to) {
      BitVectorHelper.setBit(validity, index++);
    }
  }
}
