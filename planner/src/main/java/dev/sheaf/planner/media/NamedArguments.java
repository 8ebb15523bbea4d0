package dev.sheaf.planner.media;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Lets a call mix positional and named arguments, as in {@code list_objects('s3://b/p/', pattern =>
 * '*.jpg')}: Calcite accepts all-positional or all-named calls only, so the leading positional
 * arguments get their parameter names.
 */
public final class NamedArguments {
  /** Media functions with named parameters, and their names in order. */
  private static final java.util.Map<String, List<String>> PARAMETERS =
      java.util.Map.of("list_objects", List.of("prefix", "pattern"));

  private NamedArguments() {}

  /** Names the positional arguments of a call that names some of its arguments. */
  public static void complete(SqlCall call) {
    List<String> names = PARAMETERS.get(call.getOperator().getName().toLowerCase(Locale.ROOT));
    if (names == null
        || call.getOperandList().stream()
            .noneMatch(
                operand -> operand != null && operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT)) {
      return;
    }
    for (int i = 0; i < call.operandCount() && i < names.size(); i++) {
      SqlNode operand = call.operand(i);
      if (operand == null || operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
        return;
      }
      call.setOperand(
          i,
          SqlStdOperatorTable.ARGUMENT_ASSIGNMENT.createCall(
              operand.getParserPosition(),
              operand,
              new SqlIdentifier(names.get(i), operand.getParserPosition())));
    }
  }
}
