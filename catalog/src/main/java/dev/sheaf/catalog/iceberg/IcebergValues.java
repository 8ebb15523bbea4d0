package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.SheafValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between Sheaf's row values and Iceberg's generic values.
 *
 * <p>Sheaf row values: BOOLEAN Boolean, INTEGER Integer, BIGINT Long, REAL Float, DOUBLE Double,
 * DECIMAL BigDecimal, VARCHAR/JSON/media String, DATE Integer (days since 1970-01-01), TIMESTAMP
 * and TIMESTAMP_TZ Long (microseconds since the epoch, UTC for TZ), VARBINARY byte[], VECTOR
 * float[].
 */
public final class IcebergValues {
  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  private IcebergValues() {}

  /** A Sheaf row value as Iceberg's generic writer expects it; numbers are widened or checked. */
  public static Object toIceberg(String column, SheafType type, Object value) {
    Object sheaf = SheafValues.coerce(type, value);
    if (sheaf == null) {
      return null;
    }
    return switch (type.kind()) {
      case DECIMAL -> decimal(column, type, (BigDecimal) sheaf);
      case DATE -> LocalDate.ofEpochDay((Integer) sheaf);
      case TIMESTAMP -> EPOCH.plus((Long) sheaf, ChronoUnit.MICROS);
      case TIMESTAMP_TZ ->
          OffsetDateTime.ofInstant(
              Instant.EPOCH.plus((Long) sheaf, ChronoUnit.MICROS), ZoneOffset.UTC);
      case VARBINARY -> ByteBuffer.wrap((byte[]) sheaf);
      case VECTOR -> vector(column, type, (float[]) sheaf);
      case JSON -> JsonText.check(column, (String) sheaf);
      default -> sheaf;
    };
  }

  /** An Iceberg generic value as a Sheaf row value. */
  public static Object fromIceberg(SheafType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case DATE -> (int) ((LocalDate) value).toEpochDay();
      case TIMESTAMP -> ChronoUnit.MICROS.between(EPOCH, (LocalDateTime) value);
      case TIMESTAMP_TZ ->
          ChronoUnit.MICROS.between(Instant.EPOCH, ((OffsetDateTime) value).toInstant());
      case VARBINARY -> {
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        yield bytes;
      }
      case VECTOR -> {
        List<?> list = (List<?>) value;
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = ((Number) list.get(i)).floatValue();
        }
        yield vector;
      }
      case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> value.toString();
      default -> value;
    };
  }

  /**
   * A decimal at the column's scale (rounded half up, as PostgreSQL rounds on assignment), or
   * TYPE_MISMATCH when it has more digits before the point than the column's precision allows.
   */
  public static BigDecimal decimal(String column, SheafType type, BigDecimal decimal) {
    BigDecimal scaled = decimal.setScale(type.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() > type.precision()) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot write %s into column '%s' of type %s: the value has more than %d digits before"
              + " the decimal point (widen the column or send smaller values)",
          decimal.toPlainString(),
          column,
          type,
          type.precision() - type.scale());
    }
    return scaled;
  }

  private static List<Float> vector(String column, SheafType type, float[] vector) {
    if (vector.length != type.dimension()) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot write a vector of %d elements into column '%s' of type %s (give exactly %d)",
          vector.length,
          column,
          type,
          type.dimension());
    }
    List<Float> list = new ArrayList<>(vector.length);
    for (float element : vector) {
      list.add(element);
    }
    return list;
  }
}
