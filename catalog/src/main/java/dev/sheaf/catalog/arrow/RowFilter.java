package dev.sheaf.catalog.arrow;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * A WHERE condition the Parquet reader evaluates in Arrow's C++ scanner, over columns named by
 * Iceberg field id, with SQL's three-valued logic: a row is kept only where the condition is TRUE.
 * The scanner also skips the row groups whose statistics show no row can pass. Comparison values
 * are {@link Long} (integers and dates as days), {@link String} or {@link Boolean}.
 */
public sealed interface RowFilter {
  /** The field ids the filter reads, added to {@code ids}. */
  void addFieldIds(Set<Integer> ids);

  /** The comparison operators, with the Substrait function that evaluates each. */
  enum Operator {
    EQUAL("equal"),
    NOT_EQUAL("not_equal"),
    LESS("lt"),
    LESS_OR_EQUAL("lte"),
    GREATER("gt"),
    GREATER_OR_EQUAL("gte");

    private final String function;

    Operator(String function) {
      this.function = function;
    }

    String function() {
      return function;
    }
  }

  /** {@code column <op> value}. */
  record Compare(int fieldId, Operator operator, Object value) implements RowFilter {
    public Compare {
      requireNonNull(operator, "operator is null");
      requireNonNull(value, "value is null");
      if (!(value instanceof Long || value instanceof String || value instanceof Boolean)) {
        throw new IllegalArgumentException("Cannot compare with a " + value.getClass());
      }
    }

    @Override
    public void addFieldIds(Set<Integer> ids) {
      ids.add(fieldId);
    }
  }

  /** {@code column IS NULL}, or {@code IS NOT NULL} when {@code negated}. */
  record IsNull(int fieldId, boolean negated) implements RowFilter {
    @Override
    public void addFieldIds(Set<Integer> ids) {
      ids.add(fieldId);
    }
  }

  /** Every part holds. */
  record And(List<RowFilter> parts) implements RowFilter {
    public And {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("AND of no parts");
      }
    }

    @Override
    public void addFieldIds(Set<Integer> ids) {
      parts.forEach(part -> part.addFieldIds(ids));
    }
  }

  /** Some part holds. */
  record Or(List<RowFilter> parts) implements RowFilter {
    public Or {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("OR of no parts");
      }
    }

    @Override
    public void addFieldIds(Set<Integer> ids) {
      parts.forEach(part -> part.addFieldIds(ids));
    }
  }

  /** The inner condition is FALSE (UNKNOWN stays UNKNOWN). */
  record Not(RowFilter inner) implements RowFilter {
    public Not {
      requireNonNull(inner, "inner is null");
    }

    @Override
    public void addFieldIds(Set<Integer> ids) {
      inner.addFieldIds(ids);
    }
  }
}
