package dev.sheaf.planner.schema;

import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * A comparison of a column with a non-null literal, column first: {@code 5 < x} reads as {@code x >
 * 5}. What both filter translations (Iceberg pruning, vector predicates) start from.
 */
public record ColumnComparison(int column, SqlKind kind, RexLiteral literal) {
  /** The comparison a call makes, or null when it is not a column against a non-null literal. */
  public static ColumnComparison of(RexCall call) {
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    SqlKind kind = call.getKind();
    if (left instanceof RexLiteral && right instanceof RexInputRef) {
      RexNode swap = left;
      left = right;
      right = swap;
      kind = kind.reverse();
    }
    if (left instanceof RexInputRef ref
        && right instanceof RexLiteral literal
        && !literal.isNull()) {
      return new ColumnComparison(ref.getIndex(), kind, literal);
    }
    return null;
  }
}
