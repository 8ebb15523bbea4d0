package dev.sheaf.catalog.arrow;

import dev.sheaf.catalog.iceberg.IcebergValues;
import dev.sheaf.catalog.iceberg.JsonText;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.SheafValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Reads a value a client sent in some Arrow type as the Sheaf row value of a column's type, never
 * changing it: unsigned integers read as their unsigned value, half floats as floats, timestamps in
 * other units (nanoseconds only when they are whole microseconds), decimals rounded to the column's
 * scale with their precision checked, nested values as JSON text. A value the column cannot hold
 * (an integer out of range, a nanosecond timestamp) fails with TYPE_MISMATCH. Which Arrow types may
 * go into which column is {@link IngestColumns}'s check.
 */
public final class ArrowCoercion {
  private ArrowCoercion() {}

  /** The value of a client's cell as a Sheaf row value of the column's type, or TYPE_MISMATCH. */
  public static Object sheafValue(FieldVector vector, int row, SheafType type, String column) {
    if (vector.isNull(row)) {
      return null;
    }
    Object value = exact(vector, row);
    try {
      return switch (type.kind()) {
        case VARCHAR, IMAGE, VIDEO, AUDIO, DOCUMENT -> text(value);
        case JSON -> JsonText.check(column, text(value));
        case INTEGER -> Math.toIntExact(integer(value));
        case BIGINT -> integer(value);
        case DECIMAL -> IcebergValues.decimal(column, type, decimal(value));
        case DATE -> days(vector, value);
        case TIMESTAMP, TIMESTAMP_TZ -> micros(vector, row, value, column);
        case VECTOR -> vector(value, type, column);
        default -> SheafValues.coerce(type, value);
      };
    } catch (ClassCastException | ArithmeticException | NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot ingest %s value %s into column '%s' of type %s: it does not fit (send %s)",
          vector.getField().getType(),
          shown(value),
          column,
          type,
          dev.sheaf.spi.types.ArrowTypes.arrowType(type));
    }
  }

  /** The value as Arrow means it, where {@code getObject} would not (unsigned, half float). */
  private static Object exact(FieldVector vector, int row) {
    return switch (vector) {
      case UInt1Vector v -> (long) (v.get(row) & 0xFF);
      case UInt2Vector v -> (long) v.get(row);
      case UInt4Vector v -> v.getValueAsLong(row);
      case UInt8Vector v -> v.getObjectNoOverflow(row);
      case Float2Vector v -> Float.float16ToFloat(v.get(row));
      default -> vector.getObject(row);
    };
  }

  private static String text(Object value) {
    if (value instanceof byte[]) {
      throw new ClassCastException("bytes are not text");
    }
    return value instanceof Text text ? text.toString() : value.toString();
  }

  private static long integer(Object value) {
    return switch (value) {
      case BigInteger big -> big.longValueExact();
      case Long l -> l;
      case Integer i -> i;
      case Short s -> s;
      case Byte b -> b;
      case Character c -> c;
      default -> throw new ClassCastException(value.getClass() + " is not an integer");
    };
  }

  private static BigDecimal decimal(Object value) {
    return switch (value) {
      case BigDecimal d -> d;
      case BigInteger big -> new BigDecimal(big);
      case Float f -> new BigDecimal(Float.toString(f));
      case Double d -> BigDecimal.valueOf(d);
      case Number n -> BigDecimal.valueOf(n.longValue());
      default -> throw new ClassCastException(value.getClass() + " is not a number");
    };
  }

  private static String shown(Object value) {
    String text = String.valueOf(value);
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static int days(FieldVector vector, Object value) {
    if (vector instanceof DateMilliVector) {
      return (int) ((LocalDateTime) value).toLocalDate().toEpochDay();
    }
    return value instanceof LocalDate date ? (int) date.toEpochDay() : ((Number) value).intValue();
  }

  private static long micros(FieldVector vector, int row, Object value, String column) {
    if (vector instanceof TimeStampVector timestamps) {
      long raw = timestamps.get(row);
      TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
      return switch (unit) {
        case SECOND -> Math.multiplyExact(raw, 1_000_000L);
        case MILLISECOND -> Math.multiplyExact(raw, 1_000L);
        case MICROSECOND -> raw;
        case NANOSECOND -> {
          if (raw % 1_000L != 0) {
            throw SheafException.of(
                ErrorCode.TYPE_MISMATCH,
                "Cannot ingest timestamp %s into column '%s': Sheaf keeps microseconds and this"
                    + " value has nanoseconds (round it to microseconds first, e.g. pandas"
                    + " .dt.floor('us'))",
                value,
                column);
          }
          yield raw / 1_000L;
        }
      };
    }
    if (vector instanceof DateDayVector) {
      return Math.multiplyExact(((Number) value).longValue(), 86_400_000_000L);
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
      Object element = list.get(i);
      if (element == null) {
        throw SheafException.of(
            ErrorCode.TYPE_MISMATCH,
            "Cannot ingest a vector with a NULL element (position %d) into column '%s' of type %s:"
                + " vectors hold numbers only",
            i + 1,
            column,
            type);
      }
      vector[i] = ((Number) element).floatValue();
    }
    return vector;
  }
}
