package dev.sheaf.planner.vector;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Reads a column written before {@code ALTER COLUMN ... TYPE} widened it as its table's type now: a
 * data file keeps the type it was written with (INTEGER, REAL, a narrower DECIMAL), and every
 * reader of a batch expects the wider one (BIGINT, DOUBLE, the wider DECIMAL).
 */
final class WidenedVectors {
  private WidenedVectors() {}

  /** {@code vector} as {@code type}; a new vector (and {@code vector} closed) when it widens. */
  static FieldVector widen(FieldVector vector, Type type, BufferAllocator allocator) {
    FieldVector widened =
        switch (type) {
          case Types.LongType ignored when vector instanceof IntVector ints ->
              longs(ints, allocator);
          case Types.DoubleType ignored when vector instanceof Float4Vector floats ->
              doubles(floats, allocator);
          case Types.DecimalType decimal
              when vector instanceof DecimalVector narrow
                  && narrow.getPrecision() != decimal.precision() ->
              decimals(narrow, decimal, allocator);
          default -> null;
        };
    if (widened == null) {
      return vector;
    }
    widened.setValueCount(vector.getValueCount());
    vector.close();
    return widened;
  }

  private static FieldVector longs(IntVector source, BufferAllocator allocator) {
    BigIntVector target = new BigIntVector(source.getName(), allocator);
    target.allocateNew(source.getValueCount());
    for (int i = 0; i < source.getValueCount(); i++) {
      if (source.isNull(i)) {
        target.setNull(i);
      } else {
        target.set(i, source.get(i));
      }
    }
    return target;
  }

  private static FieldVector doubles(Float4Vector source, BufferAllocator allocator) {
    Float8Vector target = new Float8Vector(source.getName(), allocator);
    target.allocateNew(source.getValueCount());
    for (int i = 0; i < source.getValueCount(); i++) {
      if (source.isNull(i)) {
        target.setNull(i);
      } else {
        // the stored value exactly, as Iceberg's readers and PostgreSQL widen a REAL
        target.set(i, (double) source.get(i));
      }
    }
    return target;
  }

  private static FieldVector decimals(
      DecimalVector source, Types.DecimalType type, BufferAllocator allocator) {
    DecimalVector target =
        new DecimalVector(source.getName(), allocator, type.precision(), type.scale());
    target.allocateNew(source.getValueCount());
    for (int i = 0; i < source.getValueCount(); i++) {
      if (source.isNull(i)) {
        target.setNull(i);
      } else {
        target.set(i, source.getObject(i));
      }
    }
    return target;
  }
}
