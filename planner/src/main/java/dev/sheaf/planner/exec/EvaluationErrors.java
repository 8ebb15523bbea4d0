package dev.sheaf.planner.exec;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/**
 * The errors generated code raises while it computes a row, as the SQL errors PostgreSQL gives:
 * Java's {@code / by zero} and BigDecimal's {@code Division by zero} are DIVISION_BY_ZERO, checked
 * arithmetic's overflow and a CAST out of range NUMERIC_OVERFLOW, and text that does not parse as a
 * number INVALID_CAST. Used where rows are computed: when a statement runs and while its rows
 * stream ({@link RowBatchReader}).
 */
final class EvaluationErrors {
  private EvaluationErrors() {}

  /** The SQL error for a failure of generated code, or null when it is not one of these. */
  static SheafException translate(RuntimeException error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    if (error instanceof ArithmeticException) {
      if (message.contains("by zero") || message.contains("Division undefined")) {
        return new SheafException(
            ErrorCode.DIVISION_BY_ZERO,
            "Cannot evaluate the statement: division by zero (guard the divisor with"
                + " NULLIF(divisor, 0) to get NULL instead)",
            error);
      }
      if (message.contains("overflow") || message.contains("out of range")) {
        String what =
            switch (message) {
              case "integer overflow" -> "INTEGER out of range";
              case "long overflow" -> "BIGINT out of range";
              default -> message.replace("Value ", "value ");
            };
        return new SheafException(
            ErrorCode.NUMERIC_OVERFLOW,
            "Cannot evaluate the statement: "
                + what
                + " (the result does not fit its type: CAST an operand to BIGINT or DECIMAL)",
            error);
      }
      return null;
    }
    if (error instanceof NumberFormatException) {
      String prefix = "For input string: ";
      String text = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
      return new SheafException(
          ErrorCode.INVALID_CAST,
          "Cannot cast "
              + text
              + " to a number: it does not spell one (CAST only numeric text; CASE or NULLIF can"
              + " leave other values out)",
          error);
    }
    return null;
  }
}
