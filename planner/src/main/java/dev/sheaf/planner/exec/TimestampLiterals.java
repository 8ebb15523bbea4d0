package dev.sheaf.planner.exec;

import java.util.OptionalLong;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.TimestampString;

/**
 * Reads the point in time DDL and time travel name before validation: {@code TIMESTAMP '...'}
 * (which the parser leaves unresolved) or a plain string, as epoch milliseconds in UTC.
 */
final class TimestampLiterals {
  private TimestampLiterals() {}

  static OptionalLong millis(SqlNode node) {
    SqlNode literal = node;
    try {
      if (literal instanceof SqlUnknownLiteral unknown) {
        literal = unknown.resolve(SqlTypeName.TIMESTAMP);
      }
      if (literal instanceof SqlTimestampLiteral timestamp) {
        return OptionalLong.of(timestamp.getValueAs(TimestampString.class).getMillisSinceEpoch());
      }
      if (literal instanceof SqlCharStringLiteral text) {
        String value = text.getValueAs(String.class).strip().replace('T', ' ');
        return OptionalLong.of(new TimestampString(value).getMillisSinceEpoch());
      }
    } catch (RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
