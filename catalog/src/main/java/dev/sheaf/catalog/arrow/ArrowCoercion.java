package dev.sheaf.catalog.arrow;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.SheafValues;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Reads a value a client sent in some Arrow type as the Sheaf row value of a column's type: wider
 * or narrower integers, large strings, timestamps in other units, lists for vectors.
 */
final class ArrowCoercion {
  private ArrowCoercion() {}

  static Object sheafValue(FieldVector vector, int row, SheafType type, String column) {
    if (vector.isNull(row)) {
      return null;
    }
    Object value = vector.getObject(row);
    try {
      return switch (type.kind()) {
        case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT ->
            value instanceof Text text ? text.toString() : value.toString();
        case DATE -> days(vector, value);
        case TIMESTAMP, TIMESTAMP_TZ -> micros(vector, row, value);
        case VECTOR -> vector(value, type, column);
        default -> SheafValues.coerce(type, value);
      };
    } catch (ClassCastException | ArithmeticException | NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot ingest %s data into column '%s' of type %s (send %s)",
          vector.getField().getType(),
          column,
          type,
          dev.sheaf.spi.types.ArrowTypes.arrowType(type));
    }
  }

  private static int days(FieldVector vector, Object value) {
    if (vector instanceof DateMilliVector) {
      return (int) ((LocalDateTime) value).toLocalDate().toEpochDay();
    }
    return value instanceof LocalDate date ? (int) date.toEpochDay() : ((Number) value).intValue();
  }

  private static long micros(FieldVector vector, int row, Object value) {
    if (vector instanceof TimeStampVector timestamps) {
      long raw = timestamps.get(row);
      TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
      return switch (unit) {
        case SECOND -> raw * 1_000_000L;
        case MILLISECOND -> raw * 1_000L;
        case MICROSECOND -> raw;
        case NANOSECOND -> Math.floorDiv(raw, 1_000L);
      };
    }
    return value instanceof LocalDateTime time
        ? ArrowValues.micros(time)
        : ((Number) value).longValue();
  }

  private static float[] vector(Object value, SheafType type, String column) {
    List<?> list = (List<?>) value;
    if (list.size() != type.dimension()) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot ingest a vector of %d elements into column '%s' of type %s",
          list.size(),
          column,
          type);
    }
    float[] vector = new float[list.size()];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = ((Number) list.get(i)).floatValue();
    }
    return vector;
  }
}
