package dev.sheaf.planner.exec;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;

/** Turns Calcite's validation errors into Sheaf errors with stable codes and positions. */
final class ValidationErrors {
  private static final Pattern OBJECT_NOT_FOUND =
      Pattern.compile("(?:Object|Table) '([^']*)' not found");
  private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found");

  private ValidationErrors() {}

  static SheafException translate(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SheafException sheaf) {
        return sheaf;
      }
    }
    CalciteContextException context = find(error);
    String message = context != null ? context.getMessage() : rootMessage(error);
    String position = "";
    if (context != null && context.getPosLine() > 0) {
      position = " at line " + context.getPosLine() + ", column " + context.getPosColumn();
      message = context.getCause() != null ? context.getCause().getMessage() : message;
    }
    ErrorCode code = ErrorCode.INVALID_QUERY;
    String hint = "";
    Matcher object = OBJECT_NOT_FOUND.matcher(message);
    Matcher column = COLUMN_NOT_FOUND.matcher(message);
    if (object.find()) {
      code = ErrorCode.TABLE_NOT_FOUND;
      hint = " (SHOW TABLES lists the tables; unquoted names are lower case)";
    } else if (column.find()) {
      code = ErrorCode.COLUMN_NOT_FOUND;
      hint = " (DESCRIBE the table for its columns; unquoted names are lower case)";
    } else if (message.contains("Cannot apply")
        || message.contains("Cannot assign")
        || message.contains("Cannot infer")
        || message.contains("type")) {
      code = ErrorCode.TYPE_MISMATCH;
    } else if (message.contains("does not allow NULLs")) {
      code = ErrorCode.NOT_NULL_VIOLATION;
    }
    return new SheafException(
        code, "Cannot run the statement" + position + ": " + message + hint, error);
  }

  private static CalciteContextException find(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CalciteContextException context) {
        return context;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
