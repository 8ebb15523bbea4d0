package dev.sheaf.planner.exec;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads dates and timestamps written as text the way PostgreSQL reads ISO 8601 input: {@code
 * 2024-06-01}, {@code 2024-06-01 12:00[:00[.123456]]} or with {@code T} between date and time, and
 * an optional zone: {@code Z}, {@code UTC}, {@code +02}, {@code +02:00}, {@code +0200}. A TIMESTAMP
 * ignores the zone (as PostgreSQL's {@code timestamp without time zone} does); a TIMESTAMP WITH
 * TIME ZONE converts to UTC, and text without a zone is UTC (the session time zone). More than six
 * fractional digits round to microseconds. Anything else, or a date that does not exist, is
 * TYPE_MISMATCH.
 */
final class TemporalText {
  private static final Pattern FORMAT =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
              + "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
              + "\\s*(Z|UTC|[+-]\\d{2}(?::?\\d{2})?)?",
          Pattern.CASE_INSENSITIVE);

  /** A timestamp in UTC with its microseconds, and whether the text named a zone. */
  record Parsed(LocalDateTime dateTime, boolean hasTime, boolean hasZone) {}

  private TemporalText() {}

  static LocalDate date(String text, String column) {
    Parsed parsed = parse(text, column, "DATE", false);
    return parsed.dateTime().toLocalDate();
  }

  /** As a TIMESTAMP (the zone, if any, ignored) or TIMESTAMP WITH TIME ZONE (in UTC). */
  static LocalDateTime timestamp(String text, String column, boolean withZone) {
    return parse(text, column, withZone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP", withZone)
        .dateTime();
  }

  private static Parsed parse(String text, String column, String type, boolean toUtc) {
    Matcher m = FORMAT.matcher(text.strip());
    if (!m.matches()) {
      throw refused(text, column, type, "write it as 2024-06-01 12:00:00[.123456][+02:00]");
    }
    try {
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
      LocalTime time = LocalTime.MIDNIGHT;
      if (m.group(4) != null) {
        long nanos = 0;
        if (m.group(7) != null) {
          String digits = (m.group(7) + "000000000").substring(0, 9);
          nanos = Math.round(Long.parseLong(digits) / 1_000.0) * 1_000L;
        }
        time =
            LocalTime.of(
                Integer.parseInt(m.group(4)),
                Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        LocalDateTime dateTime = LocalDateTime.of(date, time).plusNanos(nanos);
        date = dateTime.toLocalDate();
        time = dateTime.toLocalTime();
      }
      LocalDateTime dateTime = LocalDateTime.of(date, time);
      String zone = m.group(8);
      if (zone != null && toUtc) {
        dateTime =
            dateTime.atOffset(offset(zone)).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return new Parsed(dateTime, m.group(4) != null, zone != null);
    } catch (DateTimeException e) {
      throw refused(text, column, type, e.getMessage());
    }
  }

  private static ZoneOffset offset(String zone) {
    if (zone.equalsIgnoreCase("Z") || zone.equalsIgnoreCase("UTC")) {
      return ZoneOffset.UTC;
    }
    String digits = zone.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
    int sign = zone.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  private static SheafException refused(String text, String column, String type, String reason) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return SheafException.of(
        ErrorCode.TYPE_MISMATCH,
        "Cannot read '%s' as a %s for column '%s': %s",
        shown,
        type,
        column,
        reason);
  }
}
