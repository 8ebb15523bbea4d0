package dev.sheaf.planner.schema;

import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.TimestampString;

/**
 * The microseconds since the epoch of a TIMESTAMP literal in a plan. Calcite's literal keeps the
 * digits as written ({@code TimestampString}), while its numeric value is in milliseconds; a filter
 * on a column that holds microseconds compares with all the digits.
 */
public final class TimestampLiteralMicros {
  private TimestampLiteralMicros() {}

  /** The literal's value in microseconds, or null for a NULL literal. */
  public static Long of(RexLiteral literal) {
    TimestampString text;
    try {
      text = literal.getValueAs(TimestampString.class);
    } catch (RuntimeException | AssertionError e) {
      text = null;
    }
    if (text == null) {
      Long millis = literal.getValueAs(Long.class);
      return millis == null ? null : millis * 1000L;
    }
    return text.getMillisSinceEpoch() * 1000L + subMillisecondMicros(text.toString());
  }

  /** The fourth to sixth digits of the fraction ("26.104356" gives 356). */
  private static long subMillisecondMicros(String text) {
    int dot = text.lastIndexOf('.');
    if (dot < 0) {
      return 0;
    }
    long micros = 0;
    for (int i = 0; i < 3; i++) {
      int at = dot + 4 + i;
      int digit = at < text.length() ? Character.digit(text.charAt(at), 10) : 0;
      micros = micros * 10 + Math.max(digit, 0);
    }
    return micros;
  }
}
