package dev.sheaf.planner.vector;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Replaces each parameter ({@code ?}) of an expression with its bound value as a literal of the
 * parameter's type. The values are in Calcite's internal forms ({@code ParameterValues.bind}).
 */
public final class ParameterLiterals extends RexShuttle {
  private final RexBuilder rexBuilder;
  private final List<Object> values;

  ParameterLiterals(RexBuilder rexBuilder, List<Object> values) {
    this.rexBuilder = rexBuilder;
    this.values = values;
  }

  /**
   * The filters a scan was handed with each parameter replaced by its value in the statement's
   * context ({@code ?0}, {@code ?1}, ...), so the file pruning and the vector predicate see them.
   */
  public static List<RexNode> bound(
      List<RexNode> filters, org.apache.calcite.DataContext root, RexBuilder rexBuilder) {
    if (filters.isEmpty()) {
      return filters;
    }
    RexShuttle shuttle =
        new RexShuttle() {
          @Override
          public RexNode visitDynamicParam(RexDynamicParam parameter) {
            return literal(parameter, parameter.getType());
          }

          @Override
          public RexNode visitCall(org.apache.calcite.rex.RexCall call) {
            // CAST(? AS t): the value as a literal of t (pruning does not look through casts)
            if (call.getKind() == org.apache.calcite.sql.SqlKind.CAST
                && call.getOperands().get(0) instanceof RexDynamicParam parameter
                && parameter.getType().getSqlTypeName() == call.getType().getSqlTypeName()) {
              return literal(parameter, call.getType());
            }
            return super.visitCall(call);
          }

          private RexNode literal(RexDynamicParam parameter, RelDataType parameterType) {
            Object value = root.get("?" + parameter.getIndex());
            if (value instanceof List<?>) {
              return parameter; // a vector: no literal form, and nothing to prune with
            }
            RelDataType type =
                rexBuilder.getTypeFactory().createTypeWithNullability(parameterType, value == null);
            try {
              return rexBuilder.makeLiteral(value, type, true);
            } catch (RuntimeException e) {
              return parameter; // left to Calcite's own evaluation
            }
          }
        };
    return filters.stream().map(filter -> filter.accept(shuttle)).toList();
  }

  @Override
  public RexNode visitDynamicParam(RexDynamicParam parameter) {
    Object value = values.get(parameter.getIndex());
    // a literal of the NOT NULL type: a nullable one would come wrapped in a CAST, which the
    // vector predicate and file pruning do not look through
    RelDataType type =
        rexBuilder.getTypeFactory().createTypeWithNullability(parameter.getType(), value == null);
    return rexBuilder.makeLiteral(value, type, true);
  }
}
