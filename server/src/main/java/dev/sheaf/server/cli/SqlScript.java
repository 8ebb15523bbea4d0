package dev.sheaf.server.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at semicolons that are outside quotes and comments, keeping the
 * line each statement starts on (1-based) for error messages. Empty statements are dropped.
 */
public final class SqlScript {
  /** One statement of a script and the line of the script it starts on. */
  public record Statement(String text, int line) {}

  private SqlScript() {}

  public static List<String> split(String text) {
    return statements(text).stream().map(Statement::text).toList();
  }

  public static List<Statement> statements(String text) {
    List<Statement> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int line = 1;
    int start = -1; // the line of the first character of the current statement
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int end;
      if (c == '\'' || c == '"') {
        end = i + 1;
        while (end < text.length()) {
          if (text.charAt(end) == c) {
            if (end + 1 < text.length() && text.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(end + 1, text.length());
        start = start < 0 ? line : start;
        current.append(text, i, end);
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        end = text.indexOf('\n', i);
        end = end < 0 ? text.length() : end;
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        end = text.indexOf("*/", i + 2);
        end = end < 0 ? text.length() : end + 2;
      } else if (c == ';') {
        add(statements, current, start);
        start = -1;
        end = i + 1;
      } else {
        if (start < 0 && !Character.isWhitespace(c)) {
          start = line;
        }
        current.append(c);
        end = i + 1;
      }
      for (int k = i; k < end; k++) {
        if (text.charAt(k) == '\n') {
          line++;
        }
      }
      i = end;
    }
    add(statements, current, start);
    return statements;
  }

  private static void add(List<Statement> statements, StringBuilder current, int line) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(new Statement(statement, line));
    }
    current.setLength(0);
  }
}
