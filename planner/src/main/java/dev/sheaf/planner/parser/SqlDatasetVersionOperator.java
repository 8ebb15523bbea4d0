package dev.sheaf.planner.parser;

import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * Marks the version of {@code d.t FOR DATASET VERSION v} (a dataset commit number, a tag of a
 * commit, or a branch of the dataset); the statement rewriter resolves it to the member table's
 * snapshot before validation, so it never reaches the validator.
 */
public final class SqlDatasetVersionOperator extends SqlFunction {
  public static final SqlDatasetVersionOperator INSTANCE = new SqlDatasetVersionOperator();

  private SqlDatasetVersionOperator() {
    super(
        "SHEAF_DATASET_VERSION",
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.BIGINT,
        null,
        OperandTypes.ANY,
        SqlFunctionCategory.SYSTEM);
  }
}
