package dev.sheaf.planner.parser;

import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * Marks the expression of {@code FOR VERSION AS OF <expr>} inside the SqlSnapshot the parser
 * builds, to tell it from {@code FOR SYSTEM_TIME AS OF <timestamp>}. It never reaches the
 * validator: the statement rewriter resolves both to a snapshot first.
 */
public final class SqlVersionOperator extends SqlFunction {
  public static final SqlVersionOperator INSTANCE = new SqlVersionOperator();

  private SqlVersionOperator() {
    super(
        "SHEAF_VERSION",
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.ARG0,
        null,
        OperandTypes.ANY,
        SqlFunctionCategory.SYSTEM);
  }
}
