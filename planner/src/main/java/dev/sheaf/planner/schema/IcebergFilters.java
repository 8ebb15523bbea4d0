package dev.sheaf.planner.schema;

import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Translates the filters Calcite hands a table scan into an Iceberg expression that prunes data
 * files and row groups. The translation is conservative: a part it cannot translate becomes {@code
 * true}, so the Iceberg expression keeps every row the filters keep, and Calcite still applies the
 * filters to the rows read.
 */
public final class IcebergFilters {
  private final List<SheafColumn> columns;
  private final RexBuilder rexBuilder;

  public IcebergFilters(List<SheafColumn> columns, RexBuilder rexBuilder) {
    this.columns = columns;
    this.rexBuilder = rexBuilder;
  }

  public Expression translate(List<RexNode> filters) {
    Expression result = Expressions.alwaysTrue();
    for (RexNode filter : filters) {
      result = Expressions.and(result, translate(filter));
    }
    return result;
  }

  private Expression translate(RexNode node) {
    if (!(node instanceof RexCall call)) {
      return Expressions.alwaysTrue();
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case AND -> {
        Expression result = Expressions.alwaysTrue();
        for (RexNode operand : call.getOperands()) {
          result = Expressions.and(result, translate(operand));
        }
        return result;
      }
      case OR -> {
        Expression result = Expressions.alwaysFalse();
        for (RexNode operand : call.getOperands()) {
          Expression part = translate(operand);
          if (part == Expressions.alwaysTrue()) {
            return Expressions.alwaysTrue();
          }
          result = Expressions.or(result, part);
        }
        return result;
      }
      case SEARCH -> {
        return translate(RexUtil.expandSearch(rexBuilder, null, call));
      }
      case IS_NULL, IS_NOT_NULL -> {
        String column = column(call.getOperands().get(0));
        if (column == null) {
          return Expressions.alwaysTrue();
        }
        return kind == SqlKind.IS_NULL ? Expressions.isNull(column) : Expressions.notNull(column);
      }
      case EQUALS,
          NOT_EQUALS,
          LESS_THAN,
          LESS_THAN_OR_EQUAL,
          GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        return comparison(call);
      }
      default -> {
        return Expressions.alwaysTrue();
      }
    }
  }

  private Expression comparison(RexCall call) {
    ColumnComparison comparison = ColumnComparison.of(call);
    if (comparison == null || comparison.column() >= columns.size()) {
      return Expressions.alwaysTrue();
    }
    SheafColumn target = columns.get(comparison.column());
    if (target.type().kind() == dev.sheaf.spi.types.TypeKind.VECTOR) {
      return Expressions.alwaysTrue();
    }
    String column = target.name();
    Object value = value(target.type(), comparison.literal());
    if (value == null) {
      return Expressions.alwaysTrue();
    }
    SqlKind kind = comparison.kind();
    return switch (kind) {
      case EQUALS -> Expressions.equal(column, value);
      case NOT_EQUALS -> Expressions.notEqual(column, value);
      case LESS_THAN -> Expressions.lessThan(column, value);
      case LESS_THAN_OR_EQUAL -> Expressions.lessThanOrEqual(column, value);
      case GREATER_THAN -> Expressions.greaterThan(column, value);
      case GREATER_THAN_OR_EQUAL -> Expressions.greaterThanOrEqual(column, value);
      default -> Expressions.alwaysTrue();
    };
  }

  private String column(RexNode node) {
    if (node instanceof RexInputRef ref && ref.getIndex() < columns.size()) {
      SheafColumn column = columns.get(ref.getIndex());
      return column.type().kind() == dev.sheaf.spi.types.TypeKind.VECTOR ? null : column.name();
    }
    return null;
  }

  /** The literal as an Iceberg value for a column of the given type, or null when unsure. */
  private static Object value(SheafType type, RexLiteral literal) {
    try {
      return switch (type.kind()) {
        case INTEGER -> integral(literal, true);
        case BIGINT -> integral(literal, false);
        case REAL, DOUBLE -> literal.getValueAs(Double.class);
        case DECIMAL -> literal.getValueAs(BigDecimal.class);
        case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> literal.getValueAs(String.class);
        case DATE -> literal.getValueAs(Integer.class);
        case TIMESTAMP, TIMESTAMP_TZ -> TimestampLiteralMicros.of(literal);
        case BOOLEAN -> literal.getValueAs(Boolean.class);
        default -> null;
      };
    } catch (RuntimeException | AssertionError e) {
      return null;
    }
  }

  private static Object integral(RexLiteral literal, boolean narrow) {
    BigDecimal decimal = literal.getValueAs(BigDecimal.class);
    if (decimal == null || decimal.stripTrailingZeros().scale() > 0) {
      return null;
    }
    long value = decimal.longValueExact();
    if (narrow) {
      return value == (int) value ? (Object) (int) value : null;
    }
    return value;
  }
}
