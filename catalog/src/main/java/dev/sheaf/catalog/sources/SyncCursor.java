package dev.sheaf.catalog.sources;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import java.math.BigDecimal;

/**
 * How far SYNC TABLE has read a source into a table: the greatest value of the cursor column among
 * the rows it synced. The next sync reads only rows whose cursor is greater.
 *
 * @param column the cursor column
 * @param type its Sheaf type
 * @param value a Sheaf row value of that type (Integer, Long, BigDecimal, String; DATE days as
 *     Integer, TIMESTAMP microseconds as Long)
 */
public record SyncCursor(String column, SheafType type, Object value) {
  public SyncCursor {
    requireNonNull(column, "column is null");
    requireNonNull(type, "type is null");
    requireNonNull(value, "value is null");
  }

  /** The value as stored: its text. */
  public String text() {
    return value.toString();
  }

  /** A cursor read back from its stored text. */
  public static SyncCursor parse(String column, String type, String text) {
    SheafType sheafType = SheafType.parse(type);
    Object value =
        switch (sheafType.kind()) {
          case INTEGER, DATE -> Integer.valueOf(text);
          case BIGINT, TIMESTAMP, TIMESTAMP_TZ -> Long.valueOf(text);
          case DECIMAL -> new BigDecimal(text);
          case VARCHAR -> text;
          default -> throw unsupported(column, sheafType);
        };
    return new SyncCursor(column, sheafType, value);
  }

  /** Whether a column of this type can be a cursor (its values order and round-trip as text). */
  public static void check(String column, SheafType type) {
    switch (type.kind()) {
      case INTEGER, DATE, BIGINT, TIMESTAMP, TIMESTAMP_TZ, DECIMAL, VARCHAR -> {}
      default -> throw unsupported(column, type);
    }
  }

  /** Compares two values of a cursor column's type. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object left, Object right) {
    return ((Comparable) left).compareTo(right);
  }

  private static SheafException unsupported(String column, SheafType type) {
    return SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot use column %s of type %s as a sync cursor (use an integer, decimal, date,"
            + " timestamp or text column that grows as rows change)",
        column,
        type);
  }
}
