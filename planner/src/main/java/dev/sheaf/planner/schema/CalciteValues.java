package dev.sheaf.planner.schema;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.SheafValues;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Converts Sheaf row values (see {@code IcebergValues}) to the values Calcite's generated code
 * works with and back: timestamps are microseconds in Sheaf and milliseconds in Calcite, binary is
 * byte[] and ByteString, vectors are float[] and List of Float.
 */
public final class CalciteValues {
  private CalciteValues() {}

  public static Object toCalcite(SheafType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case TIMESTAMP, TIMESTAMP_TZ -> Math.floorDiv((Long) value, 1000L);
      case VARBINARY -> new ByteString((byte[]) value);
      case VECTOR -> {
        float[] vector = (float[]) value;
        List<Float> list = new ArrayList<>(vector.length);
        for (float element : vector) {
          list.add(element);
        }
        yield list;
      }
      default -> value;
    };
  }

  /**
   * A value from Calcite's code as a Sheaf row value of the given type. Binary values for a media
   * column stay bytes (byte[]): the statement writes them to the media destination and stores their
   * URI.
   */
  public static Object fromCalcite(SheafType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type.isMedia() && (value instanceof ByteString || value instanceof byte[])) {
      return value instanceof ByteString b ? b.getBytes() : value;
    }
    return switch (type.kind()) {
      case TIMESTAMP, TIMESTAMP_TZ -> ((Number) value).longValue() * 1000L;
      case VARBINARY -> value instanceof ByteString b ? b.getBytes() : (byte[]) value;
      case VECTOR -> {
        List<?> list = (List<?>) value;
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
          if (!(list.get(i) instanceof Number number)) {
            throw SheafException.of(
                ErrorCode.TYPE_MISMATCH,
                "Cannot write %s into a %s column: element %d is %s (vectors hold numbers only)",
                shortened(list),
                type,
                i + 1,
                list.get(i) == null ? "NULL" : "not a number");
          }
          vector[i] = number.floatValue();
        }
        yield vector;
      }
      default -> SheafValues.coerce(type, value);
    };
  }

  private static String shortened(List<?> list) {
    String text = list.toString();
    return text.length() > 80 ? text.substring(0, 80) + "...]" : text;
  }
}
