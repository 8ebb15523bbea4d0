package dev.sheaf.planner.vector;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A numeric expression of a scan's columns that runs on the Arrow vectors, a batch at a time, with
 * no row objects: column references, numeric literals, {@code + - *}, floating-point {@code /},
 * unary minus and widening CASTs, with results of type INTEGER, BIGINT or DOUBLE; and a TIMESTAMP
 * column plus or minus a day-time interval, in microseconds. Semantics follow Calcite's generated
 * code: a NULL operand gives NULL, INTEGER arithmetic wraps at 32 bits and BIGINT at 64. {@link
 * #compile} answers null for anything else, and the query keeps Calcite's plan.
 */
abstract sealed class VectorExpression {
  /** The values of one batch: read row by row from the bound vectors. */
  interface Values {
    boolean isNull(int row);

    long longAt(int row);

    double doubleAt(int row);
  }

  /** Whether the values are floating point (read {@code doubleAt}) or exact ({@code longAt}). */
  abstract boolean floating();

  /** The expression over one batch's vectors, indexed by table column position. */
  abstract Values bind(List<FieldVector> byColumn);

  abstract void addColumns(Set<Integer> columns);

  /**
   * Compiles a projection expression whose input field {@code i} is table column {@code
   * inputColumns.get(i)}; null when the expression is outside what runs on vectors.
   */
  static VectorExpression compile(RexNode node, List<Integer> inputColumns) {
    SqlTypeName type = node.getType().getSqlTypeName();
    if (type == SqlTypeName.TIMESTAMP) {
      return timestamp(node, inputColumns);
    }
    boolean floating = type == SqlTypeName.DOUBLE;
    if (!floating && type != SqlTypeName.INTEGER && type != SqlTypeName.BIGINT) {
      return null;
    }
    if (node instanceof RexInputRef ref) {
      return new Column(inputColumns.get(ref.getIndex()), floating);
    }
    if (node instanceof RexLiteral literal) {
      Number value = literal.getValueAs(Number.class);
      return value == null ? null : new Constant(value, floating);
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    return switch (call.getKind()) {
      // the CHECKED_ kinds: exact arithmetic, which raises on overflow (StatementContext.rel)
      case PLUS, MINUS, TIMES, DIVIDE, CHECKED_PLUS, CHECKED_MINUS, CHECKED_TIMES ->
          arithmetic(call, inputColumns, type);
      case MINUS_PREFIX, CHECKED_MINUS_PREFIX -> {
        VectorExpression operand = operand(call, 0, inputColumns, floating);
        yield operand == null
            ? null
            : new Arithmetic('-', new Constant(0, floating), operand, type);
      }
      case CAST -> {
        VectorExpression operand = compile(call.getOperands().get(0), inputColumns);
        // widening only: INTEGER to BIGINT, exact to DOUBLE (narrowing checks ranges in Calcite)
        boolean widening =
            operand != null
                && (floating
                    || (type == SqlTypeName.BIGINT && !operand.floating())
                    || call.getOperands().get(0).getType().getSqlTypeName() == type);
        yield widening ? new Widening(operand, floating) : null;
      }
      default -> null;
    };
  }

  /**
   * A TIMESTAMP column, or one plus or minus a day-time interval literal, in microseconds since the
   * epoch (Calcite's code would compute it in milliseconds and lose the rest).
   */
  private static VectorExpression timestamp(RexNode node, List<Integer> inputColumns) {
    if (node instanceof RexInputRef ref) {
      return new Column(inputColumns.get(ref.getIndex()), false);
    }
    if (!(node instanceof RexCall call)
        || call.getOperands().size() != 2
        || !(call.getOperands().get(1) instanceof RexLiteral interval)
        || interval.getType().getSqlTypeName().getFamily() != SqlTypeFamily.INTERVAL_DAY_TIME) {
      return null;
    }
    char op =
        switch (call.getKind()) {
          case PLUS, CHECKED_PLUS -> '+';
          case MINUS, CHECKED_MINUS -> '-';
          default -> ' ';
        };
    VectorExpression base = timestamp(call.getOperands().get(0), inputColumns);
    BigDecimal millis = interval.getValueAs(BigDecimal.class);
    if (op == ' ' || base == null || millis == null) {
      return null;
    }
    long micros = millis.movePointRight(3).longValueExact();
    return new Arithmetic(op, base, new Constant(micros, false), SqlTypeName.BIGINT);
  }

  private static VectorExpression arithmetic(
      RexCall call, List<Integer> inputColumns, SqlTypeName type) {
    boolean floating = type == SqlTypeName.DOUBLE;
    if (call.getOperands().size() != 2
        || (call.getKind() == org.apache.calcite.sql.SqlKind.DIVIDE && !floating)) {
      return null; // integer division by zero raises in Calcite: keep its plan
    }
    VectorExpression left = operand(call, 0, inputColumns, floating);
    VectorExpression right = operand(call, 1, inputColumns, floating);
    if (left == null || right == null) {
      return null;
    }
    char op =
        switch (call.getKind()) {
          case PLUS, CHECKED_PLUS -> '+';
          case MINUS, CHECKED_MINUS -> '-';
          case TIMES, CHECKED_TIMES -> '*';
          default -> '/';
        };
    return new Arithmetic(op, left, right, type);
  }

  /** An operand; an exact result may not take floating operands. */
  private static VectorExpression operand(
      RexCall call, int index, List<Integer> inputColumns, boolean floating) {
    VectorExpression operand = compile(call.getOperands().get(index), inputColumns);
    return operand == null || (operand.floating() && !floating) ? null : operand;
  }

  private static final class Column extends VectorExpression {
    private final int position;
    private final boolean floating;

    Column(int position, boolean floating) {
      this.position = position;
      this.floating = floating;
    }

    @Override
    boolean floating() {
      return floating;
    }

    @Override
    void addColumns(Set<Integer> columns) {
      columns.add(position);
    }

    @Override
    Values bind(List<FieldVector> byColumn) {
      FieldVector vector = byColumn.get(position);
      if (vector == null) {
        return NULLS;
      }
      if (vector instanceof TimeStampVector timestamps) {
        return new Values() {
          public boolean isNull(int row) {
            return timestamps.isNull(row);
          }

          public long longAt(int row) {
            return timestamps.get(row);
          }

          public double doubleAt(int row) {
            return timestamps.get(row);
          }
        };
      }
      FloatingPointVector real = vector instanceof FloatingPointVector f ? f : null;
      BaseIntVector exact = real == null ? (BaseIntVector) vector : null;
      return new Values() {
        public boolean isNull(int row) {
          return vector.isNull(row);
        }

        public long longAt(int row) {
          return real != null ? (long) real.getValueAsDouble(row) : exact.getValueAsLong(row);
        }

        public double doubleAt(int row) {
          return real != null ? real.getValueAsDouble(row) : exact.getValueAsLong(row);
        }
      };
    }
  }

  private static final Values NULLS =
      new Values() {
        public boolean isNull(int row) {
          return true;
        }

        public long longAt(int row) {
          return 0;
        }

        public double doubleAt(int row) {
          return 0;
        }
      };

  private static final class Constant extends VectorExpression {
    private final long exact;
    private final double real;
    private final boolean floating;

    Constant(Number value, boolean floating) {
      this.exact = value.longValue();
      this.real = value.doubleValue();
      this.floating = floating;
    }

    @Override
    boolean floating() {
      return floating;
    }

    @Override
    void addColumns(Set<Integer> columns) {}

    @Override
    Values bind(List<FieldVector> byColumn) {
      return new Values() {
        public boolean isNull(int row) {
          return false;
        }

        public long longAt(int row) {
          return exact;
        }

        public double doubleAt(int row) {
          return real;
        }
      };
    }
  }

  private static final class Widening extends VectorExpression {
    private final VectorExpression operand;
    private final boolean floating;

    Widening(VectorExpression operand, boolean floating) {
      this.operand = operand;
      this.floating = floating;
    }

    @Override
    boolean floating() {
      return floating;
    }

    @Override
    void addColumns(Set<Integer> columns) {
      operand.addColumns(columns);
    }

    @Override
    Values bind(List<FieldVector> byColumn) {
      return operand.bind(byColumn);
    }
  }

  private static final class Arithmetic extends VectorExpression {
    private final char op;
    private final VectorExpression left;
    private final VectorExpression right;
    private final SqlTypeName type;

    Arithmetic(char op, VectorExpression left, VectorExpression right, SqlTypeName type) {
      this.op = op;
      this.left = left;
      this.right = right;
      this.type = type;
    }

    @Override
    boolean floating() {
      return type == SqlTypeName.DOUBLE;
    }

    @Override
    void addColumns(Set<Integer> columns) {
      left.addColumns(columns);
      right.addColumns(columns);
    }

    @Override
    Values bind(List<FieldVector> byColumn) {
      Values a = left.bind(byColumn);
      Values b = right.bind(byColumn);
      boolean int32 = type == SqlTypeName.INTEGER;
      return new Values() {
        public boolean isNull(int row) {
          return a.isNull(row) || b.isNull(row);
        }

        public long longAt(int row) {
          long x = a.longAt(row);
          long y = b.longAt(row);
          try {
            long value =
                switch (op) {
                  case '+' -> Math.addExact(x, y);
                  case '-' -> Math.subtractExact(x, y);
                  default -> Math.multiplyExact(x, y);
                };
            return int32 ? Math.toIntExact(value) : value;
          } catch (ArithmeticException e) {
            // as PostgreSQL, and as Calcite's checked operators on the row engine
            throw new dev.sheaf.spi.error.SheafException(
                dev.sheaf.spi.error.ErrorCode.NUMERIC_OVERFLOW,
                "Cannot evaluate the statement: "
                    + (int32 ? "INTEGER" : "BIGINT")
                    + " out of range (the result does not fit its type: CAST an operand to BIGINT"
                    + " or DECIMAL)",
                e);
          }
        }

        public double doubleAt(int row) {
          if (!floating()) {
            return longAt(row);
          }
          double x = a.doubleAt(row);
          double y = b.doubleAt(row);
          return switch (op) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            default -> x / y;
          };
        }
      };
    }
  }

  /** Writes {@code count} values (rows {@code selected[i]}, or i when null) into the target. */
  static void write(Values values, int[] selected, int count, FieldVector target) {
    target.setInitialCapacity(count);
    target.allocateNew();
    for (int i = 0; i < count; i++) {
      int row = selected == null ? i : selected[i];
      if (values.isNull(row)) {
        target.setNull(i);
      } else if (target instanceof Float8Vector doubles) {
        doubles.set(i, values.doubleAt(row));
      } else if (target instanceof Float4Vector floats) {
        floats.set(i, (float) values.doubleAt(row));
      } else if (target instanceof BigIntVector longs) {
        longs.set(i, values.longAt(row));
      } else if (target instanceof TimeStampVector timestamps) {
        timestamps.set(i, values.longAt(row));
      } else {
        ((IntVector) target).set(i, (int) values.longAt(row));
      }
    }
    target.setValueCount(count);
  }
}
