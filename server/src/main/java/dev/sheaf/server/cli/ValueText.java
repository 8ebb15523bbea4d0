package dev.sheaf.server.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One result value as {@code sheaf sql} prints it, the way psql does: bytes as {@code \x00ff},
 * dates as {@code 2024-06-01}, timestamps as {@code 2024-06-01 12:00:00} (with their fraction of a
 * second when there is one), timestamps with a time zone in UTC with {@code +00}, and NULL as null
 * (the printer decides how to show it).
 */
public final class ValueText {
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private ValueText() {}

  /** The text of row {@code row} of {@code vector}, or null for NULL. */
  public static String of(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector.getField().getType() instanceof ArrowType.Timestamp type
        && vector instanceof TimeStampVector timestamps) {
      LocalDateTime local = utc(timestamps.get(row), type);
      return TIMESTAMP.format(local) + (type.getTimezone() != null ? "+00" : "");
    }
    if (vector instanceof DateDayVector days) {
      // Arrow's getObject gives the day number
      return LocalDate.ofEpochDay(days.get(row)).toString();
    }
    if (vector instanceof DateMilliVector millis) {
      return LocalDate.ofEpochDay(Math.floorDiv(millis.get(row), 86_400_000L)).toString();
    }
    if (vector instanceof FixedSizeListVector list
        && list.getDataVector() instanceof UInt1Vector elements) {
      // uint8 tensors (to_tensor): Arrow's getObject gives signed bytes
      StringBuilder text = new StringBuilder("[");
      int size = list.getListSize();
      for (int i = 0; i < size; i++) {
        text.append(i == 0 ? "" : ",").append(elements.get(row * size + i) & 0xff);
      }
      return text.append(']').toString();
    }
    Object value = vector.getObject(row);
    if (value instanceof byte[] bytes) {
      return "\\x" + HexFormat.of().formatHex(bytes);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof LocalDateTime local) {
      return TIMESTAMP.format(local);
    }
    return value.toString();
  }

  private static LocalDateTime utc(long value, ArrowType.Timestamp type) {
    Instant instant =
        switch (type.getUnit()) {
          case SECOND -> Instant.ofEpochSecond(value);
          case MILLISECOND -> Instant.ofEpochMilli(value);
          case MICROSECOND ->
              Instant.ofEpochSecond(
                  Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
          case NANOSECOND ->
              Instant.ofEpochSecond(
                  Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
