package dev.sheaf.spi.types;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * Reads and writes Sheaf row values in Arrow vectors built from {@link ArrowTypes#field}. Sheaf row
 * values: BOOLEAN Boolean, INTEGER Integer, BIGINT Long, REAL Float, DOUBLE Double, DECIMAL
 * BigDecimal, VARCHAR/JSON/media String, DATE Integer days, TIMESTAMP(_TZ) Long microseconds,
 * VARBINARY byte[], VECTOR float[]. A null value leaves the slot null.
 */
public final class ArrowValues {
  private ArrowValues() {}

  public static void write(FieldVector vector, int index, SheafType type, Object value) {
    if (value == null) {
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> ((BitVector) vector).setSafe(index, ((Boolean) value) ? 1 : 0);
      case INTEGER -> ((IntVector) vector).setSafe(index, ((Number) value).intValue());
      case BIGINT -> ((BigIntVector) vector).setSafe(index, ((Number) value).longValue());
      case REAL -> ((Float4Vector) vector).setSafe(index, ((Number) value).floatValue());
      case DOUBLE -> ((Float8Vector) vector).setSafe(index, ((Number) value).doubleValue());
      case DECIMAL ->
          ((DecimalVector) vector)
              .setSafe(index, ((BigDecimal) value).setScale(type.scale(), RoundingMode.HALF_UP));
      case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT ->
          ((VarCharVector) vector)
              .setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
      case DATE -> ((DateDayVector) vector).setSafe(index, ((Number) value).intValue());
      case TIMESTAMP, TIMESTAMP_TZ ->
          ((TimeStampVector) vector).setSafe(index, ((Number) value).longValue());
      case VARBINARY -> ((VarBinaryVector) vector).setSafe(index, (byte[]) value);
      case VECTOR -> {
        FixedSizeListVector list = (FixedSizeListVector) vector;
        float[] elements = (float[]) value;
        int start = list.startNewValue(index);
        Float4Vector data = (Float4Vector) list.getDataVector();
        for (int i = 0; i < elements.length; i++) {
          data.setSafe(start + i, elements[i]);
        }
      }
    }
  }

  public static Object read(FieldVector vector, int index, SheafType type) {
    if (vector.isNull(index)) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> ((BitVector) vector).get(index) != 0;
      case INTEGER -> ((IntVector) vector).get(index);
      case BIGINT -> ((BigIntVector) vector).get(index);
      case REAL -> ((Float4Vector) vector).get(index);
      case DOUBLE -> ((Float8Vector) vector).get(index);
      case DECIMAL -> ((DecimalVector) vector).getObject(index);
      case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT ->
          new String(((VarCharVector) vector).get(index), StandardCharsets.UTF_8);
      case DATE -> ((DateDayVector) vector).get(index);
      case TIMESTAMP, TIMESTAMP_TZ -> ((TimeStampVector) vector).get(index);
      case VARBINARY -> ((VarBinaryVector) vector).get(index);
      case VECTOR -> {
        FixedSizeListVector list = (FixedSizeListVector) vector;
        Float4Vector data = (Float4Vector) list.getDataVector();
        int size = list.getListSize();
        float[] elements = new float[size];
        for (int i = 0; i < size; i++) {
          elements[i] = data.get(index * size + i);
        }
        yield elements;
      }
    };
  }

  /** Microseconds since the epoch of a local date-time read as UTC. */
  public static long micros(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1_000L;
  }
}
