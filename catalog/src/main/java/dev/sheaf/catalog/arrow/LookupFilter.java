package dev.sheaf.catalog.arrow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongPredicate;
import org.apache.iceberg.types.Type;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;

/**
 * A {@link RowFilter} as the point lookup ({@link ParquetPointLookup}) uses it: the part it can
 * evaluate on the columns it reads, a test of one row with SQL's three-valued logic, and the
 * parquet-java predicate that picks pages by the file's column index. As in {@link
 * SubstraitFilter}, a top-level AND keeps the conjuncts that can be evaluated and anything else is
 * evaluated whole or not at all, so the lookup keeps every row the filter keeps, maybe more; the
 * scan's own predicate still runs on what it returns.
 */
final class LookupFilter {
  private LookupFilter() {}

  /**
   * Whether the filter pins the rows to a few values of a column: an equality, an AND with one, or
   * an OR of such (an IN list). Only then is a lookup cheaper than Arrow's scan of a row group.
   */
  static boolean isPoint(RowFilter filter) {
    return switch (filter) {
      case RowFilter.Compare compare -> compare.operator() == RowFilter.Operator.EQUAL;
      case RowFilter.And and -> and.parts().stream().anyMatch(LookupFilter::isPoint);
      case RowFilter.Or or -> or.parts().stream().allMatch(LookupFilter::isPoint);
      case RowFilter.IsNull isNull -> false;
      case RowFilter.Not not -> false;
    };
  }

  /** The part of {@code filter} that can be evaluated on {@code columns}, or null when none. */
  static RowFilter evaluable(RowFilter filter, Map<Integer, LookupColumn> columns) {
    if (filter instanceof RowFilter.And and) {
      List<RowFilter> parts = new ArrayList<>();
      for (RowFilter part : and.parts()) {
        if (whole(part, columns)) {
          parts.add(part);
        }
      }
      return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : new RowFilter.And(parts);
    }
    return whole(filter, columns) ? filter : null;
  }

  private static boolean whole(RowFilter filter, Map<Integer, LookupColumn> columns) {
    return switch (filter) {
      case RowFilter.Compare compare -> comparable(columns.get(compare.fieldId()), compare.value());
      case RowFilter.IsNull isNull -> columns.containsKey(isNull.fieldId());
      case RowFilter.And and -> and.parts().stream().allMatch(part -> whole(part, columns));
      case RowFilter.Or or -> or.parts().stream().allMatch(part -> whole(part, columns));
      case RowFilter.Not not -> whole(not.inner(), columns);
    };
  }

  private static boolean comparable(LookupColumn column, Object literal) {
    if (column == null) {
      return false;
    }
    return switch (column.type().typeId()) {
      case LONG -> literal instanceof Long;
      // as SubstraitFilter: a literal out of INT32 range is not evaluated against an INT32 column
      case INTEGER, DATE ->
          literal instanceof Long number
              && number >= Integer.MIN_VALUE
              && number <= Integer.MAX_VALUE;
      case STRING -> literal instanceof String;
      case BOOLEAN -> literal instanceof Boolean;
      default -> false;
    };
  }

  /**
   * TRUE, FALSE or null (UNKNOWN) for one row of an {@link #evaluable} filter; {@code values} gives
   * the row's value of a field id as {@link ColumnPages#valueAt} reads it.
   */
  static Boolean test(RowFilter filter, IntFunction<Object> values) {
    return switch (filter) {
      case RowFilter.Compare compare -> holds(compare, values.apply(compare.fieldId()));
      case RowFilter.IsNull isNull -> (values.apply(isNull.fieldId()) == null) != isNull.negated();
      case RowFilter.And and -> {
        Boolean result = Boolean.TRUE;
        for (RowFilter part : and.parts()) {
          Boolean value = test(part, values);
          if (Boolean.FALSE.equals(value)) {
            yield Boolean.FALSE;
          }
          if (value == null) {
            result = null;
          }
        }
        yield result;
      }
      case RowFilter.Or or -> {
        Boolean result = Boolean.FALSE;
        for (RowFilter part : or.parts()) {
          Boolean value = test(part, values);
          if (Boolean.TRUE.equals(value)) {
            yield Boolean.TRUE;
          }
          if (value == null) {
            result = null;
          }
        }
        yield result;
      }
      case RowFilter.Not not -> {
        Boolean value = test(not.inner(), values);
        yield value == null ? null : !value;
      }
    };
  }

  private static Boolean holds(RowFilter.Compare compare, Object value) {
    if (value == null) {
      return null;
    }
    int order =
        switch (value) {
          case Long number -> Long.compare(number, (Long) compare.value());
          case Integer number -> Long.compare(number, (Long) compare.value());
          case Boolean bool -> Boolean.compare(bool, (Boolean) compare.value());
          // Arrow compares strings as UTF-8 bytes: so does the lookup
          default ->
              Arrays.compareUnsigned(
                  (byte[]) value, ((String) compare.value()).getBytes(StandardCharsets.UTF_8));
        };
    return switch (compare.operator()) {
      case EQUAL -> order == 0;
      case NOT_EQUAL -> order != 0;
      case LESS -> order < 0;
      case LESS_OR_EQUAL -> order <= 0;
      case GREATER -> order > 0;
      case GREATER_OR_EQUAL -> order >= 0;
    };
  }

  /**
   * The filter as a test of a non-null integer value (BIGINT, INTEGER and DATE columns), for a
   * filter over one such column made of comparisons, ANDs and ORs; null for any other. A NULL value
   * passes none of these, so the caller tests NULLs with {@link #test}.
   */
  static LongPredicate longTest(RowFilter filter) {
    return switch (filter) {
      case RowFilter.Compare compare when compare.value() instanceof Long literal -> {
        long bound = literal;
        yield switch (compare.operator()) {
          case EQUAL -> value -> value == bound;
          case NOT_EQUAL -> value -> value != bound;
          case LESS -> value -> value < bound;
          case LESS_OR_EQUAL -> value -> value <= bound;
          case GREATER -> value -> value > bound;
          case GREATER_OR_EQUAL -> value -> value >= bound;
        };
      }
      case RowFilter.And and -> combine(and.parts(), true);
      case RowFilter.Or or -> combine(or.parts(), false);
      default -> null;
    };
  }

  private static LongPredicate combine(List<RowFilter> parts, boolean all) {
    LongPredicate result = null;
    for (RowFilter part : parts) {
      LongPredicate test = longTest(part);
      if (test == null) {
        return null;
      }
      result = result == null ? test : all ? result.and(test) : result.or(test);
    }
    return result;
  }

  /**
   * The predicate parquet-java's column-index filter uses to pick the pages that may hold a
   * matching row, for an {@link #evaluable} filter; null when no part of it narrows the pages.
   */
  static FilterPredicate pages(RowFilter filter, Map<Integer, LookupColumn> columns) {
    return switch (filter) {
      case RowFilter.Compare compare -> pageCompare(compare, columns.get(compare.fieldId()));
      case RowFilter.And and -> {
        FilterPredicate result = null;
        for (RowFilter part : and.parts()) {
          FilterPredicate predicate = pages(part, columns);
          if (predicate != null) {
            result = result == null ? predicate : FilterApi.and(result, predicate);
          }
        }
        yield result;
      }
      case RowFilter.Or or -> {
        FilterPredicate result = null;
        for (RowFilter part : or.parts()) {
          FilterPredicate predicate = pages(part, columns);
          if (predicate == null) {
            yield null;
          }
          result = result == null ? predicate : FilterApi.or(result, predicate);
        }
        yield result;
      }
      case RowFilter.IsNull isNull -> null;
      case RowFilter.Not not -> null;
    };
  }

  private static FilterPredicate pageCompare(RowFilter.Compare compare, LookupColumn column) {
    String path = column.descriptor().getPath()[0];
    if (path.contains(".")) {
      return null; // parquet-java's filter API splits column paths at dots
    }
    Type.TypeID type = column.type().typeId();
    return switch (type) {
      case LONG -> ordered(FilterApi.longColumn(path), compare.operator(), (Long) compare.value());
      case INTEGER, DATE ->
          ordered(
              FilterApi.intColumn(path),
              compare.operator(),
              Math.toIntExact((Long) compare.value()));
      case STRING ->
          ordered(
              FilterApi.binaryColumn(path),
              compare.operator(),
              Binary.fromString((String) compare.value()));
      default -> null;
    };
  }

  private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
      FilterPredicate ordered(C column, RowFilter.Operator operator, T value) {
    return switch (operator) {
      case EQUAL -> FilterApi.eq(column, value);
      case NOT_EQUAL -> FilterApi.notEq(column, value);
      case LESS -> FilterApi.lt(column, value);
      case LESS_OR_EQUAL -> FilterApi.ltEq(column, value);
      case GREATER -> FilterApi.gt(column, value);
      case GREATER_OR_EQUAL -> FilterApi.gtEq(column, value);
    };
  }
}
