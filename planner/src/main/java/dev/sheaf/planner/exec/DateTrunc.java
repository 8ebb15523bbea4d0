package dev.sheaf.planner.exec;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * PostgreSQL's {@code DATE_TRUNC('unit', t)}, which Calcite does not have (its DATE_TRUNC is
 * BigQuery's, with the arguments the other way round), rewritten to the standard {@code FLOOR(t TO
 * unit)}.
 */
final class DateTrunc {
  private static final Map<String, TimeUnit> UNITS =
      Map.of(
          "year", TimeUnit.YEAR,
          "quarter", TimeUnit.QUARTER,
          "month", TimeUnit.MONTH,
          "day", TimeUnit.DAY,
          "hour", TimeUnit.HOUR,
          "minute", TimeUnit.MINUTE,
          "second", TimeUnit.SECOND);

  private DateTrunc() {}

  /** The rewritten call, or null when {@code call} is not DATE_TRUNC with a unit literal first. */
  static SqlNode rewrite(SqlCall call, SqlShuttle operands) {
    if (!call.getOperator().getName().equalsIgnoreCase("DATE_TRUNC")
        || call.operandCount() != 2
        || !(call.operand(0) instanceof SqlCharStringLiteral literal)) {
      return null;
    }
    String name = literal.getValueAs(String.class).toLowerCase(Locale.ROOT);
    TimeUnit unit = UNITS.get(name);
    if (unit == null) {
      throw SheafException.of(
          ErrorCode.INVALID_QUERY,
          "Cannot truncate to '%s': DATE_TRUNC takes year, quarter, month, day, hour, minute or"
              + " second",
          name);
    }
    SqlParserPos pos = call.getParserPosition();
    SqlNode value = call.operand(1).accept(operands);
    return SqlStdOperatorTable.FLOOR.createCall(
        pos, value, new SqlIntervalQualifier(unit, null, pos));
  }
}
