package dev.sheaf.planner.vector;

import dev.sheaf.catalog.arrow.RowFilter;
import dev.sheaf.planner.schema.ColumnComparison;
import dev.sheaf.planner.schema.TimestampLiteralMicros;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * A WHERE predicate evaluated a batch at a time on Arrow vectors, with SQL's three-valued logic. It
 * covers comparisons of a column with a literal, IS [NOT] NULL, IN and ranges (Calcite's SEARCH),
 * AND, OR and NOT; {@link #compile} returns null for anything else, and the query then runs on
 * Calcite's row engine.
 */
public abstract class VectorPredicate {
  static final byte FALSE = 0;
  static final byte TRUE = 1;
  static final byte UNKNOWN = 2;

  /** Evaluates the predicate for rows {@code 0..rowCount-1} of {@code columns} into {@code out}. */
  abstract void evaluate(List<FieldVector> columns, int rowCount, byte[] out);

  /** The columns (positions in the table's row type) the predicate reads. */
  public abstract void addColumns(java.util.Set<Integer> columns);

  /**
   * The predicate as a {@link RowFilter} for the Parquet reader, exactly (the same rows pass), or
   * null when a part has no exact native form.
   *
   * @param fieldIds the Iceberg field id of a column position
   */
  abstract RowFilter exactRowFilter(IntUnaryOperator fieldIds);

  /**
   * A {@link RowFilter} that keeps every row this predicate keeps and, where it can, no other: the
   * conjuncts of a top-level AND that have an exact native form (the others are left to this
   * predicate, which still runs on the rows the reader returns); null when none has.
   */
  public RowFilter rowFilter(IntUnaryOperator fieldIds) {
    if (this instanceof Logical logical && logical.and) {
      List<RowFilter> parts = new ArrayList<>();
      for (VectorPredicate part : logical.parts) {
        RowFilter filter = part.rowFilter(fieldIds);
        if (filter != null) {
          parts.add(filter);
        }
      }
      return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new RowFilter.And(parts);
    }
    return exactRowFilter(fieldIds);
  }

  /** The rows of a batch for which the predicate is TRUE, in order. */
  public int[] select(List<FieldVector> columns, int rowCount) {
    byte[] values = new byte[rowCount];
    evaluate(columns, rowCount, values);
    int[] selected = new int[rowCount];
    int count = 0;
    for (int i = 0; i < rowCount; i++) {
      if (values[i] == TRUE) {
        selected[count++] = i;
      }
    }
    return Arrays.copyOf(selected, count);
  }

  /**
   * Compiles Calcite's pushed filters (all must hold) over a table's columns; null when a filter is
   * outside what vectors evaluate here.
   */
  public static VectorPredicate compile(
      List<RexNode> filters, List<SheafColumn> columns, RexBuilder rexBuilder) {
    List<VectorPredicate> parts = new ArrayList<>();
    for (RexNode filter : filters) {
      VectorPredicate part = compile(filter, columns, rexBuilder);
      if (part == null) {
        return null;
      }
      parts.add(part);
    }
    return parts.size() == 1 ? parts.get(0) : new Logical(SqlKind.AND, parts);
  }

  private static VectorPredicate compile(
      RexNode node, List<SheafColumn> columns, RexBuilder rexBuilder) {
    if (node instanceof RexInputRef ref
        && columns.get(ref.getIndex()).type().kind() == TypeKind.BOOLEAN) {
      return new Comparison(ref.getIndex(), SqlKind.EQUALS, TypeKind.BOOLEAN, Boolean.TRUE);
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    switch (call.getKind()) {
      case AND, OR -> {
        List<VectorPredicate> parts = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
          VectorPredicate part = compile(operand, columns, rexBuilder);
          if (part == null) {
            return null;
          }
          parts.add(part);
        }
        return new Logical(call.getKind(), parts);
      }
      case NOT -> {
        VectorPredicate inner = compile(call.getOperands().get(0), columns, rexBuilder);
        return inner == null ? null : new Not(inner);
      }
      case SEARCH -> {
        return compile(RexUtil.expandSearch(rexBuilder, null, call), columns, rexBuilder);
      }
      case IS_NULL, IS_NOT_NULL -> {
        if (call.getOperands().get(0) instanceof RexInputRef ref) {
          return new NullTest(ref.getIndex(), call.getKind() == SqlKind.IS_NULL);
        }
        return null;
      }
      case EQUALS,
          NOT_EQUALS,
          LESS_THAN,
          LESS_THAN_OR_EQUAL,
          GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        return Comparison.of(call, columns);
      }
      default -> {
        return null;
      }
    }
  }

  /** AND or OR over parts. */
  private static final class Logical extends VectorPredicate {
    private final boolean and;
    private final List<VectorPredicate> parts;

    Logical(SqlKind kind, List<VectorPredicate> parts) {
      this.and = kind == SqlKind.AND;
      this.parts = List.copyOf(parts);
    }

    @Override
    void evaluate(List<FieldVector> columns, int rowCount, byte[] out) {
      Arrays.fill(out, 0, rowCount, and ? TRUE : FALSE);
      byte[] part = new byte[rowCount];
      for (VectorPredicate predicate : parts) {
        predicate.evaluate(columns, rowCount, part);
        for (int i = 0; i < rowCount; i++) {
          byte value = part[i];
          if (and) {
            if (value == FALSE || out[i] == FALSE) {
              out[i] = FALSE;
            } else if (value == UNKNOWN) {
              out[i] = UNKNOWN;
            }
          } else {
            if (value == TRUE || out[i] == TRUE) {
              out[i] = TRUE;
            } else if (value == UNKNOWN) {
              out[i] = UNKNOWN;
            }
          }
        }
      }
    }

    @Override
    public void addColumns(java.util.Set<Integer> columns) {
      parts.forEach(part -> part.addColumns(columns));
    }

    @Override
    RowFilter exactRowFilter(IntUnaryOperator fieldIds) {
      List<RowFilter> filters = new ArrayList<>();
      for (VectorPredicate part : parts) {
        RowFilter filter = part.exactRowFilter(fieldIds);
        if (filter == null) {
          return null;
        }
        filters.add(filter);
      }
      return and ? new RowFilter.And(filters) : new RowFilter.Or(filters);
    }
  }

  private static final class Not extends VectorPredicate {
    private final VectorPredicate inner;

    Not(VectorPredicate inner) {
      this.inner = inner;
    }

    @Override
    void evaluate(List<FieldVector> columns, int rowCount, byte[] out) {
      inner.evaluate(columns, rowCount, out);
      for (int i = 0; i < rowCount; i++) {
        out[i] = out[i] == UNKNOWN ? UNKNOWN : (byte) (1 - out[i]);
      }
    }

    @Override
    public void addColumns(java.util.Set<Integer> columns) {
      inner.addColumns(columns);
    }

    @Override
    RowFilter exactRowFilter(IntUnaryOperator fieldIds) {
      RowFilter filter = inner.exactRowFilter(fieldIds);
      return filter == null ? null : new RowFilter.Not(filter);
    }
  }

  private static final class NullTest extends VectorPredicate {
    private final int column;
    private final boolean isNull;

    NullTest(int column, boolean isNull) {
      this.column = column;
      this.isNull = isNull;
    }

    @Override
    void evaluate(List<FieldVector> columns, int rowCount, byte[] out) {
      FieldVector vector = columns.get(column);
      for (int i = 0; i < rowCount; i++) {
        boolean missing = vector == null || vector.isNull(i);
        out[i] = missing == isNull ? TRUE : FALSE;
      }
    }

    @Override
    public void addColumns(java.util.Set<Integer> columns) {
      columns.add(column);
    }

    @Override
    RowFilter exactRowFilter(IntUnaryOperator fieldIds) {
      return new RowFilter.IsNull(fieldIds.applyAsInt(column), !isNull);
    }
  }

  /** A column compared with a literal; values compared in the column's Java form. */
  private static final class Comparison extends VectorPredicate {
    private final int column;
    private final SqlKind kind;
    private final TypeKind type;
    private final long longValue;
    private final double doubleValue;
    private final BigDecimal decimalValue;
    private final byte[] textValue;
    private final boolean boolValue;

    private Comparison(int column, SqlKind kind, TypeKind type, Object value) {
      this.column = column;
      this.kind = kind;
      this.type = type;
      this.longValue =
          value instanceof Number n && !(value instanceof BigDecimal) ? n.longValue() : 0;
      this.doubleValue = value instanceof Number n ? n.doubleValue() : 0;
      this.decimalValue = value instanceof BigDecimal d ? d : null;
      this.textValue = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
      this.boolValue = value instanceof Boolean b && b;
    }

    static Comparison of(RexCall call, List<SheafColumn> columns) {
      ColumnComparison comparison = ColumnComparison.of(call);
      if (comparison == null) {
        return null;
      }
      SheafType type = columns.get(comparison.column()).type();
      Object value = literalValue(type, comparison.literal());
      return value == null
          ? null
          : new Comparison(comparison.column(), comparison.kind(), type.kind(), value);
    }

    private static Object literalValue(SheafType type, RexLiteral literal) {
      try {
        return switch (type.kind()) {
          case DATE -> {
            Integer days = literal.getValueAs(Integer.class);
            yield days == null ? null : days.longValue();
          }
          case INTEGER, BIGINT -> {
            BigDecimal value = literal.getValueAs(BigDecimal.class);
            yield value != null && value.stripTrailingZeros().scale() <= 0
                ? value.longValueExact()
                : null;
          }
          case REAL, DOUBLE -> literal.getValueAs(Double.class);
          case DECIMAL -> literal.getValueAs(BigDecimal.class);
          case VARCHAR, JSON, IMAGE, VIDEO, AUDIO, DOCUMENT -> literal.getValueAs(String.class);
          case TIMESTAMP, TIMESTAMP_TZ -> TimestampLiteralMicros.of(literal);
          case BOOLEAN -> literal.getValueAs(Boolean.class);
          default -> null;
        };
      } catch (RuntimeException | AssertionError e) {
        return null;
      }
    }

    /**
     * One tight loop per column type; the outcome for "less", "equal" and "greater" is looked up,
     * not switched on, per row.
     */
    @Override
    void evaluate(List<FieldVector> columns, int rowCount, byte[] out) {
      FieldVector vector = columns.get(column);
      if (vector == null) {
        Arrays.fill(out, 0, rowCount, UNKNOWN);
        return;
      }
      byte less = matches(-1) ? TRUE : FALSE;
      byte equal = matches(0) ? TRUE : FALSE;
      byte greater = matches(1) ? TRUE : FALSE;
      switch (type) {
        case INTEGER -> {
          ArrowBuf data = vector.getDataBuffer();
          for (int i = 0; i < rowCount; i++) {
            long x = data.getInt((long) i * Integer.BYTES);
            out[i] = x < longValue ? less : x == longValue ? equal : greater;
          }
        }
        case BIGINT -> {
          ArrowBuf data = vector.getDataBuffer();
          for (int i = 0; i < rowCount; i++) {
            long x = data.getLong((long) i * Long.BYTES);
            out[i] = x < longValue ? less : x == longValue ? equal : greater;
          }
        }
        case DATE -> {
          ArrowBuf data = vector.getDataBuffer();
          for (int i = 0; i < rowCount; i++) {
            long x = data.getInt((long) i * Integer.BYTES);
            out[i] = x < longValue ? less : x == longValue ? equal : greater;
          }
        }
        case TIMESTAMP, TIMESTAMP_TZ -> {
          ArrowBuf data = vector.getDataBuffer();
          for (int i = 0; i < rowCount; i++) {
            long x = data.getLong((long) i * Long.BYTES);
            out[i] = x < longValue ? less : x == longValue ? equal : greater;
          }
        }
        case REAL -> {
          ArrowBuf data = vector.getDataBuffer();
          for (int i = 0; i < rowCount; i++) {
            float x = data.getFloat((long) i * Float.BYTES);
            out[i] = pick(Double.compare(x, doubleValue), less, equal, greater);
          }
        }
        case DOUBLE -> {
          ArrowBuf data = vector.getDataBuffer();
          for (int i = 0; i < rowCount; i++) {
            double x = data.getDouble((long) i * Double.BYTES);
            out[i] = pick(Double.compare(x, doubleValue), less, equal, greater);
          }
        }
        case DECIMAL -> {
          DecimalVector values = (DecimalVector) vector;
          for (int i = 0; i < rowCount; i++) {
            out[i] =
                values.isNull(i)
                    ? UNKNOWN
                    : pick(values.getObject(i).compareTo(decimalValue), less, equal, greater);
          }
        }
        case BOOLEAN -> {
          ArrowBuf data = vector.getDataBuffer();
          for (int i = 0; i < rowCount; i++) {
            boolean x = BitVectorHelper.get(data, i) != 0;
            out[i] = pick(Boolean.compare(x, boolValue), less, equal, greater);
          }
        }
        default -> {
          VarCharVector values = (VarCharVector) vector;
          for (int i = 0; i < rowCount; i++) {
            out[i] =
                values.isNull(i)
                    ? UNKNOWN
                    : pick(compareText(values.get(i), textValue), less, equal, greater);
          }
        }
      }
      if (vector.getNullCount() > 0) {
        for (int i = 0; i < rowCount; i++) {
          if (vector.isNull(i)) {
            out[i] = UNKNOWN;
          }
        }
      }
    }

    private static byte pick(int order, byte less, byte equal, byte greater) {
      return order < 0 ? less : order == 0 ? equal : greater;
    }

    private boolean matches(int order) {
      return switch (kind) {
        case EQUALS -> order == 0;
        case NOT_EQUALS -> order != 0;
        case LESS_THAN -> order < 0;
        case LESS_THAN_OR_EQUAL -> order <= 0;
        case GREATER_THAN -> order > 0;
        default -> order >= 0;
      };
    }

    private static int compareText(byte[] left, byte[] right) {
      return Arrays.compareUnsigned(left, right);
    }

    /**
     * Integers, dates, text (both sides compare as UTF-8 bytes) and booleans; not floating point
     * (this predicate orders NaN and -0.0 as Java does, Arrow as IEEE 754 does), nor decimals or
     * timestamps.
     */
    @Override
    RowFilter exactRowFilter(IntUnaryOperator fieldIds) {
      Object value =
          switch (type) {
            case INTEGER, BIGINT, DATE -> longValue;
            case VARCHAR -> new String(textValue, StandardCharsets.UTF_8);
            case BOOLEAN -> boolValue;
            default -> null;
          };
      if (value == null) {
        return null;
      }
      RowFilter.Operator operator =
          switch (kind) {
            case EQUALS -> RowFilter.Operator.EQUAL;
            case NOT_EQUALS -> RowFilter.Operator.NOT_EQUAL;
            case LESS_THAN -> RowFilter.Operator.LESS;
            case LESS_THAN_OR_EQUAL -> RowFilter.Operator.LESS_OR_EQUAL;
            case GREATER_THAN -> RowFilter.Operator.GREATER;
            default -> RowFilter.Operator.GREATER_OR_EQUAL;
          };
      return new RowFilter.Compare(fieldIds.applyAsInt(column), operator, value);
    }

    @Override
    public void addColumns(java.util.Set<Integer> columns) {
      columns.add(column);
    }
  }
}
