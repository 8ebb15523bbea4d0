package dev.sheaf.planner.parser;

import org.apache.calcite.sql.parser.SqlParserPos;

/** Positions of the parser in a statement's text. */
final class SqlText {
  private SqlText() {}

  /** The character offset in {@code sql} of a parser position (1-based line and column). */
  static int offset(String sql, SqlParserPos pos) {
    int offset = 0;
    for (int line = 1; line < pos.getLineNum(); line++) {
      offset = sql.indexOf('\n', offset) + 1;
    }
    return offset + pos.getColumnNum() - 1;
  }
}
