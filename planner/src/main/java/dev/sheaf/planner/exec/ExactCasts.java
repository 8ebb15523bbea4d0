package dev.sheaf.planner.exec;

import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * CASTs as PostgreSQL and DuckDB compute them where Calcite's differ, rewritten in a statement's
 * relational expressions before planning: a DOUBLE or REAL cast to an integer type rounds half to
 * even (Calcite truncates to INTEGER; PostgreSQL's {@code rint}, DuckDB's cast: 0.5 gives 0, 1.5
 * and 2.5 give 2; a DECIMAL rounds half away from zero, as Calcite already does), and a BOOLEAN
 * cast to text is {@code 'true'} or {@code 'false'} (Calcite spells them in upper case).
 */
public final class ExactCasts extends RexShuttle {
  private static final SqlUserDefinedFunction ROUND_HALF_EVEN =
      new SqlUserDefinedFunction(
          new SqlIdentifier("sheaf_round_half_even", SqlParserPos.ZERO),
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.DOUBLE_NULLABLE,
          InferTypes.FIRST_KNOWN,
          OperandTypes.operandMetadata(
              List.of(SqlTypeFamily.NUMERIC),
              factory -> List.of(factory.createSqlType(SqlTypeName.DOUBLE)),
              i -> "x",
              i -> false),
          ScalarFunctionImpl.create(ExactCasts.class, "roundHalfEven"));

  private final RexBuilder rex;

  private ExactCasts(RexBuilder rex) {
    this.rex = rex;
  }

  /** The expression tree with every CAST Calcite computes differently rewritten. */
  static RelNode rewrite(RelNode rel) {
    ExactCasts casts = new ExactCasts(rel.getCluster().getRexBuilder());
    return rel.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            return super.visit(other).accept(casts);
          }
        });
  }

  /** A double rounded to the nearest integer, half to even; called by generated code. */
  public static Double roundHalfEven(Double value) {
    return value == null ? null : Math.rint(value);
  }

  @Override
  public RexNode visitSubQuery(RexSubQuery subQuery) {
    return super.visitSubQuery(subQuery.clone(rewrite(subQuery.rel)));
  }

  @Override
  public RexNode visitCall(RexCall call) {
    RexNode visited = super.visitCall(call);
    if (visited.getKind() != SqlKind.CAST || !(visited instanceof RexCall cast)) {
      return visited;
    }
    RexNode operand = cast.getOperands().get(0);
    SqlTypeName from = operand.getType().getSqlTypeName();
    RelDataType to = cast.getType();
    if (isFloating(from) && isInteger(to.getSqlTypeName())) {
      RelDataType dbl =
          rex.getTypeFactory()
              .createTypeWithNullability(
                  rex.getTypeFactory().createSqlType(SqlTypeName.DOUBLE),
                  operand.getType().isNullable());
      RexNode rounded = rex.makeCall(dbl, ROUND_HALF_EVEN, List.of(rex.makeCast(dbl, operand)));
      return rex.makeAbstractCast(to, rounded, false);
    }
    if (from == SqlTypeName.BOOLEAN
        && (to.getSqlTypeName() == SqlTypeName.VARCHAR
            || to.getSqlTypeName() == SqlTypeName.CHAR)) {
      RexNode text =
          rex.makeCall(
              SqlStdOperatorTable.CASE,
              operand,
              rex.makeLiteral("true"),
              rex.makeCall(SqlStdOperatorTable.NOT, operand),
              rex.makeLiteral("false"),
              rex.makeNullLiteral(to));
      return rex.makeAbstractCast(to, text, false);
    }
    return visited;
  }

  private static boolean isFloating(SqlTypeName type) {
    return type == SqlTypeName.DOUBLE || type == SqlTypeName.REAL || type == SqlTypeName.FLOAT;
  }

  private static boolean isInteger(SqlTypeName type) {
    return type == SqlTypeName.TINYINT
        || type == SqlTypeName.SMALLINT
        || type == SqlTypeName.INTEGER
        || type == SqlTypeName.BIGINT;
  }
}
