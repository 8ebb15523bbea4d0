package dev.sheaf.planner.exec;

import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * PERCENT_RANK and CUME_DIST, which Calcite's Enumerable windows do not implement, as the window
 * functions they are defined by, in the parse tree before validation: {@code PERCENT_RANK() OVER w}
 * is {@code (RANK() OVER w - 1) / (COUNT(*) OVER p - 1)}, 0 when the partition has one row; {@code
 * CUME_DIST() OVER w} is {@code COUNT(*) OVER w / COUNT(*) OVER p}, where {@code p} is w's
 * partition without its order (w's default frame ends at the current row's last peer). Both are
 * DOUBLE, as in PostgreSQL. A named window ({@code OVER w} with a WINDOW clause) stays as it was.
 */
final class RelativeRanks {
  private RelativeRanks() {}

  /** The rewritten call, or null when it is not PERCENT_RANK or CUME_DIST over an inline window. */
  static SqlNode rewrite(SqlCall over) {
    if (over.getKind() != SqlKind.OVER
        || !(over.operand(0) instanceof SqlCall function)
        || function.operandCount() != 0
        || !(over.operand(1) instanceof SqlWindow window)
        || window.getRefName() != null) {
      return null;
    }
    // the parser leaves function names unresolved: PERCENT_RANK's kind is known only by its name
    String name = function.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
    boolean cumeDist = name.equals("CUME_DIST");
    if (!cumeDist && !name.equals("PERCENT_RANK")) {
      return null;
    }
    SqlParserPos pos = over.getParserPosition();
    SqlNode rows = count(pos, window(window, false, pos));
    if (cumeDist) {
      return SqlStdOperatorTable.DIVIDE.createCall(
          pos, toDouble(count(pos, window(window, true, pos)), pos), toDouble(rows, pos));
    }
    SqlNode one = SqlLiteral.createExactNumeric("1", pos);
    SqlNode rank =
        SqlStdOperatorTable.OVER.createCall(
            pos, SqlStdOperatorTable.RANK.createCall(pos), window(window, true, pos));
    SqlNode ratio =
        SqlStdOperatorTable.DIVIDE.createCall(
            pos,
            toDouble(SqlStdOperatorTable.MINUS.createCall(pos, rank, one), pos),
            toDouble(
                SqlStdOperatorTable.MINUS.createCall(
                    pos, count(pos, window(window, false, pos)), one),
                pos));
    return SqlStdOperatorTable.CASE.createCall(
        null,
        pos,
        null,
        SqlNodeList.of(SqlStdOperatorTable.EQUALS.createCall(pos, rows, one)),
        SqlNodeList.of(toDouble(SqlLiteral.createExactNumeric("0", pos), pos)),
        ratio);
  }

  private static SqlNode count(SqlParserPos pos, SqlWindow window) {
    return SqlStdOperatorTable.OVER.createCall(
        pos, SqlStdOperatorTable.COUNT.createCall(pos, SqlIdentifier.star(pos)), window);
  }

  private static SqlNode toDouble(SqlNode value, SqlParserPos pos) {
    return SqlStdOperatorTable.CAST.createCall(
        pos, value, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos), pos));
  }

  /** A copy of the window's partition, with its order (and default frame) when {@code ordered}. */
  private static SqlWindow window(SqlWindow window, boolean ordered, SqlParserPos pos) {
    return SqlWindow.create(
        null,
        null,
        (SqlNodeList) copy(window.getPartitionList()),
        ordered ? (SqlNodeList) copy(window.getOrderList()) : SqlNodeList.EMPTY,
        SqlLiteral.createBoolean(false, pos),
        null,
        null,
        null,
        pos);
  }

  /** A deep copy: each window function validates its own nodes. */
  private static SqlNode copy(SqlNode node) {
    return node.accept(
        new SqlShuttle() {
          @Override
          public SqlNode visit(SqlIdentifier id) {
            return id.clone(id.getParserPosition());
          }

          @Override
          public SqlNode visit(SqlCall call) {
            CallCopyingArgHandler handler = new CallCopyingArgHandler(call, true);
            call.getOperator().acceptCall(this, call, false, handler);
            return handler.result();
          }
        });
  }
}
