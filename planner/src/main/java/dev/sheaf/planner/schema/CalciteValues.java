package dev.sheaf.planner.schema;

import dev.sheaf.spi.types.SheafType;
import java.math.BigDecimal;
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

  /** A value from Calcite's code as a Sheaf row value of the given type. */
  public static Object fromCalcite(SheafType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> (Boolean) value;
      case INTEGER -> ((Number) value).intValue();
      case BIGINT -> ((Number) value).longValue();
      case REAL -> ((Number) value).floatValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case DECIMAL -> value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
      case DATE -> ((Number) value).intValue();
      case TIMESTAMP, TIMESTAMP_TZ -> ((Number) value).longValue() * 1000L;
      case VARBINARY -> value instanceof ByteString b ? b.getBytes() : (byte[]) value;
      case VECTOR -> {
        List<?> list = (List<?>) value;
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = ((Number) list.get(i)).floatValue();
        }
        yield vector;
      }
      case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> value.toString();
    };
  }

  /** A Java value in Sheaf's representation for the type, with numbers widened or narrowed. */
  public static Object coerce(SheafType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> (Boolean) value;
      case INTEGER -> ((Number) value).intValue();
      case BIGINT -> ((Number) value).longValue();
      case REAL -> ((Number) value).floatValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case DECIMAL -> value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
      case DATE -> ((Number) value).intValue();
      case TIMESTAMP, TIMESTAMP_TZ -> ((Number) value).longValue();
      case VARBINARY -> (byte[]) value;
      case VECTOR -> (float[]) value;
      case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> value.toString();
    };
  }
}
