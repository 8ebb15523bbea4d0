package dev.sheaf.spi.types;

import java.math.BigDecimal;

/**
 * Sheaf's row values: BOOLEAN Boolean, INTEGER Integer, BIGINT Long, REAL Float, DOUBLE Double,
 * DECIMAL BigDecimal, VARCHAR/JSON/media String, DATE Integer (days since 1970-01-01), TIMESTAMP
 * and TIMESTAMP_TZ Long (microseconds since the epoch, UTC), VARBINARY byte[], VECTOR float[].
 */
public final class SheafValues {
  private SheafValues() {}

  /**
   * A value already in (or numerically close to) Sheaf's form, as exactly that form: numbers are
   * widened or narrowed (an integer that does not fit throws ArithmeticException), text becomes a
   * String. A value of the wrong kind throws ClassCastException or NumberFormatException.
   */
  public static Object coerce(SheafType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case BOOLEAN -> (Boolean) value;
      case INTEGER -> Math.toIntExact(((Number) value).longValue());
      case BIGINT -> ((Number) value).longValue();
      case REAL -> ((Number) value).floatValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case DECIMAL -> value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
      case DATE -> Math.toIntExact(((Number) value).longValue());
      case TIMESTAMP, TIMESTAMP_TZ -> ((Number) value).longValue();
      case VARBINARY -> (byte[]) value;
      case VECTOR -> (float[]) value;
      case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> value.toString();
    };
  }
}
