package dev.sheaf.planner.parser;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * {@code a ^ b}: exponentiation, as in PostgreSQL and DuckDB (Calcite parses {@code ^} as bitwise
 * XOR). It binds tighter than {@code *} and looser than unary minus ({@code -2 ^ 2} is 4), left to
 * right ({@code 2 ^ 3 ^ 2} is 64), and the validator rewrites it to {@code POWER(a, b)}, a DOUBLE.
 */
public final class SqlPowerOperator extends SqlBinaryOperator {
  public static final SqlPowerOperator INSTANCE = new SqlPowerOperator();

  private SqlPowerOperator() {
    // MULTIPLY is 60, prefix minus 80
    super(
        "^",
        SqlKind.OTHER,
        70,
        true,
        ReturnTypes.DOUBLE_NULLABLE,
        InferTypes.FIRST_KNOWN,
        OperandTypes.NUMERIC_NUMERIC);
  }

  @Override
  public SqlNode rewriteCall(SqlValidator validator, SqlCall call) {
    return SqlStdOperatorTable.POWER.createCall(call.getParserPosition(), call.getOperandList());
  }
}
