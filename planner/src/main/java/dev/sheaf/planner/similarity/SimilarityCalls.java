package dev.sheaf.planner.similarity;

import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCollectionTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** Parse-tree help for the distance functions before validation. */
public final class SimilarityCalls {
  private SimilarityCalls() {}

  /**
   * Gives a bound parameter passed to a distance function the type REAL ARRAY ({@code CAST(? AS
   * REAL ARRAY)}): Calcite cannot infer a parameter's type from a Java list argument; the query of
   * {@code text_match} is typed VARCHAR.
   */
  public static void typeParameters(SqlCall call) {
    String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
    if (name.equals("text_match")
        && call.operandCount() == 2
        && call.operand(1) instanceof SqlDynamicParam parameter) {
      SqlParserPos position = parameter.getParserPosition();
      call.setOperand(
          1,
          SqlStdOperatorTable.CAST.createCall(
              position,
              parameter,
              new SqlDataTypeSpec(
                  new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, position), position)));
      return;
    }
    if (!SimilarityFunctions.METHODS.containsKey(name)) {
      return;
    }
    for (int i = 0; i < call.operandCount(); i++) {
      if (call.operand(i) instanceof SqlDynamicParam parameter) {
        call.setOperand(i, asVector(parameter));
      }
    }
  }

  private static SqlNode asVector(SqlNode node) {
    SqlParserPos position = node.getParserPosition();
    SqlDataTypeSpec spec =
        new SqlDataTypeSpec(
            new SqlCollectionTypeNameSpec(
                new SqlBasicTypeNameSpec(SqlTypeName.REAL, position), SqlTypeName.ARRAY, position),
            position);
    return SqlStdOperatorTable.CAST.createCall(position, node, spec);
  }
}
