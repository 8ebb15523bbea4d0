package dev.sheaf.server.web;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/**
 * The text of the browser's WHERE box, checked to be one SQL boolean expression before it is placed
 * as {@code WHERE (<text>)} inside a query the page builds: no statement separator, no comment that
 * could hide the closing parenthesis, and parentheses that balance without ever closing the one
 * around it, counted outside string literals and quoted identifiers. The query built around it is
 * then prepared and must return rows ({@link ReadOnlyQueries}), so the box can narrow a query but
 * never run a second statement, DDL or DML.
 */
public record WhereFilter(String text) {
  public static final int MAX_LENGTH = 4_000;

  public WhereFilter {
    text = text == null ? "" : text.strip();
    check(text);
  }

  public boolean isEmpty() {
    return text.isEmpty();
  }

  /** {@code WHERE (text)}, or the empty string when there is no filter. */
  public String clause() {
    return text.isEmpty() ? "" : " WHERE (" + text + ")";
  }

  private static void check(String text) {
    if (text.length() > MAX_LENGTH) {
      throw refuse("it is longer than " + MAX_LENGTH + " characters");
    }
    int depth = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(text, i, c);
        if (end < 0) {
          throw refuse("a " + (c == '\'' ? "string literal" : "quoted name") + " is not closed");
        }
        i = end + 1;
        continue;
      }
      if (c == ';') {
        throw refuse("';' would end the statement (give one condition, such as label = 'cat')");
      }
      if ((c == '-' && next(text, i) == '-') || (c == '/' && next(text, i) == '*')) {
        throw refuse("comments are not allowed in the filter");
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth < 0) {
          throw refuse("a ')' closes more than was opened");
        }
      }
      i++;
    }
    if (depth != 0) {
      throw refuse("a '(' is not closed");
    }
  }

  /** The index of the quote that closes the literal opened at {@code start} ('' escapes). */
  private static int closing(String text, int start, char quote) {
    int i = start + 1;
    while (i < text.length()) {
      if (text.charAt(i) == quote) {
        if (next(text, i) == quote) {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }

  private static char next(String text, int i) {
    return i + 1 < text.length() ? text.charAt(i + 1) : '\0';
  }

  private static SheafException refuse(String reason) {
    return SheafException.of(ErrorCode.INVALID_QUERY, "Cannot use the filter: %s", reason);
  }
}
