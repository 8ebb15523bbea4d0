package dev.sheaf.planner.vector;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;

/**
 * One aggregate function's state for every group of a hash aggregate: {@link #bind} gives it the
 * next batch's columns, {@link #add} folds one row into a group, {@link #result} gives a group's
 * value as a Sheaf value (timestamps in microseconds).
 */
abstract class Accumulator {
  /** The input column the function reads, or -1 ({@code COUNT(*)}). */
  final int argument;

  FieldVector input;

  Accumulator(int argument) {
    this.argument = argument;
  }

  void bind(FieldVector[] columns) {
    input = argument < 0 ? null : columns[argument];
  }

  /** Makes room for groups {@code 0..groups-1}. */
  abstract void grow(int groups);

  abstract void add(int group, int row);

  abstract Object result(int group);

  static int capacity(int current, int groups) {
    return Math.max(groups, current * 2);
  }

  /** COUNT(*) or COUNT(x): rows, or rows where x is not NULL. */
  static final class Count extends Accumulator {
    private long[] counts = new long[16];

    Count(int argument) {
      super(argument);
    }

    @Override
    void grow(int groups) {
      if (groups > counts.length) {
        counts = Arrays.copyOf(counts, capacity(counts.length, groups));
      }
    }

    @Override
    void add(int group, int row) {
      if (input == null || !input.isNull(row)) {
        counts[group]++;
      }
    }

    @Override
    Object result(int group) {
      return counts[group];
    }
  }

  /**
   * A SUM or $SUM0: which groups saw a non-NULL value, since an empty SUM is NULL and an empty
   * $SUM0 is zero.
   */
  abstract static class Sum extends Accumulator {
    private final boolean zeroWhenEmpty;
    private boolean[] seen = new boolean[16];

    Sum(int argument, boolean zeroWhenEmpty) {
      super(argument);
      this.zeroWhenEmpty = zeroWhenEmpty;
    }

    @Override
    void grow(int groups) {
      if (groups > seen.length) {
        seen = Arrays.copyOf(seen, capacity(seen.length, groups));
      }
      growSums(seen.length);
    }

    /** Makes the sums as long as {@code capacity}. */
    abstract void growSums(int capacity);

    void saw(int group) {
      seen[group] = true;
    }

    /** Whether the group's sum is a value (it saw a value, or it is a $SUM0). */
    boolean hasValue(int group) {
      return seen[group] || zeroWhenEmpty;
    }

    boolean seen(int group) {
      return seen[group];
    }
  }

  /**
   * SUM or $SUM0 of integers: exact in a long (Sheaf's SUM of an integer column is BIGINT), an
   * overflow is an error rather than a wrapped value.
   */
  static final class LongSum extends Sum {
    private final String name;
    private long[] sums = new long[16];

    LongSum(int argument, boolean zeroWhenEmpty, String name) {
      super(argument, zeroWhenEmpty);
      this.name = name;
    }

    @Override
    void growSums(int capacity) {
      if (capacity > sums.length) {
        sums = Arrays.copyOf(sums, capacity);
      }
    }

    @Override
    void add(int group, int row) {
      if (input.isNull(row)) {
        return;
      }
      long value = ((BaseIntVector) input).getValueAsLong(row);
      try {
        sums[group] = Math.addExact(sums[group], value);
      } catch (ArithmeticException e) {
        throw SheafException.of(
            ErrorCode.NUMERIC_OVERFLOW,
            "Cannot compute %s: the sum is out of BIGINT's range (cast the argument to DECIMAL to"
                + " sum it exactly)",
            name);
      }
      saw(group);
    }

    @Override
    Object result(int group) {
      return hasValue(group) ? (Object) sums[group] : null;
    }
  }

  /** SUM or $SUM0 of REAL or DOUBLE values, as a double. */
  static final class DoubleSum extends Sum {
    private final boolean real;
    private double[] sums = new double[16];

    DoubleSum(int argument, boolean zeroWhenEmpty, boolean real) {
      super(argument, zeroWhenEmpty);
      this.real = real;
    }

    @Override
    void growSums(int capacity) {
      if (capacity > sums.length) {
        sums = Arrays.copyOf(sums, capacity);
      }
    }

    @Override
    void add(int group, int row) {
      if (!input.isNull(row)) {
        sums[group] += ((FloatingPointVector) input).getValueAsDouble(row);
        saw(group);
      }
    }

    @Override
    Object result(int group) {
      if (!hasValue(group)) {
        return null;
      }
      return real ? (Object) (float) sums[group] : (Object) sums[group];
    }
  }

  /**
   * SUM or $SUM0 of DECIMAL values, exact, at the result type's scale: unscaled values that fit a
   * long are added as longs (read from the vector's 16-byte little-endian cells, no BigDecimal per
   * row); a group whose sum leaves the long's range goes on in BigDecimal.
   */
  static final class DecimalSum extends Sum {
    private static final int WIDTH = 16;
    private final int scale;
    private long[] unscaled = new long[16];
    private BigDecimal[] large = new BigDecimal[16];
    private int inputScale;

    DecimalSum(int argument, boolean zeroWhenEmpty, int scale) {
      super(argument, zeroWhenEmpty);
      this.scale = scale;
    }

    @Override
    void bind(FieldVector[] columns) {
      super.bind(columns);
      inputScale = ((DecimalVector) input).getScale();
    }

    @Override
    void growSums(int capacity) {
      if (capacity > unscaled.length) {
        unscaled = Arrays.copyOf(unscaled, capacity);
        large = Arrays.copyOf(large, capacity);
      }
    }

    @Override
    void add(int group, int row) {
      if (input.isNull(row)) {
        return;
      }
      saw(group);
      DecimalVector decimals = (DecimalVector) input;
      ArrowBuf cells = decimals.getDataBuffer();
      long low = cells.getLong((long) row * WIDTH);
      long high = cells.getLong((long) row * WIDTH + 8);
      if (large[group] == null && high == (low >> 63)) {
        long current = unscaled[group];
        long sum = current + low;
        if (((current ^ sum) & (low ^ sum)) >= 0) {
          unscaled[group] = sum;
          return;
        }
      }
      if (large[group] == null) {
        large[group] = BigDecimal.valueOf(unscaled[group], inputScale);
      }
      large[group] = large[group].add(decimals.getObject(row));
    }

    @Override
    Object result(int group) {
      if (!seen(group)) {
        return hasValue(group) ? BigDecimal.ZERO.setScale(scale) : null;
      }
      BigDecimal sum =
          large[group] != null ? large[group] : BigDecimal.valueOf(unscaled[group], inputScale);
      return sum.setScale(scale, RoundingMode.HALF_UP);
    }
  }

  /** MIN or MAX of any comparable column, compared and kept at full precision. */
  static final class Extreme extends Accumulator {
    private final boolean max;
    private final SheafType type;
    private Object[] values = new Object[16];

    Extreme(int argument, boolean max, SheafType type) {
      super(argument);
      this.max = max;
      this.type = type;
    }

    @Override
    void grow(int groups) {
      if (groups > values.length) {
        values = Arrays.copyOf(values, capacity(values.length, groups));
      }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    void add(int group, int row) {
      if (input.isNull(row)) {
        return;
      }
      Object value = FileValues.read(input, row, type);
      Object current = values[group];
      if (current == null) {
        values[group] = value;
        return;
      }
      int order = ((Comparable) value).compareTo(current);
      if (max ? order > 0 : order < 0) {
        values[group] = value;
      }
    }

    @Override
    Object result(int group) {
      return values[group];
    }
  }
}
