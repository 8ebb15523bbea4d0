package dev.sheaf.planner.exec;

import dev.sheaf.planner.schema.CalciteTypes;
import dev.sheaf.planner.schema.CalciteValues;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.SheafValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** Converts Java parameter values to the values Calcite's code expects for each parameter type. */
final class ParameterValues {
  private ParameterValues() {}

  static List<Object> bind(RelDataType parameterTypes, List<Object> values) {
    int expected = parameterTypes == null ? 0 : parameterTypes.getFieldCount();
    if (values.size() != expected) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot run the statement: it has %d parameters but %d values were given",
          expected,
          values.size());
    }
    List<Object> bound = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      RelDataType type = parameterTypes.getFieldList().get(i).getType();
      if (type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.ARRAY) {
        bound.add(arrayOf(values.get(i)));
        continue;
      }
      bound.add(toCalcite(CalciteTypes.sheafType(type), values.get(i)));
    }
    return bound;
  }

  /**
   * The exact epoch microseconds of each TIMESTAMP parameter (null for the others): Calcite's row
   * engine holds a bound timestamp as milliseconds, so a write takes the microseconds from here.
   */
  static List<Long> micros(RelDataType parameterTypes, List<Object> values) {
    int count = parameterTypes == null ? 0 : parameterTypes.getFieldCount();
    List<Long> micros = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SheafType type = CalciteTypes.sheafType(parameterTypes.getFieldList().get(i).getType());
      boolean timestamp =
          type.kind() == dev.sheaf.spi.types.TypeKind.TIMESTAMP
              || type.kind() == dev.sheaf.spi.types.TypeKind.TIMESTAMP_TZ;
      Object value = i < values.size() ? values.get(i) : null;
      micros.add(
          !timestamp || value == null
              ? null
              : switch (value) {
                case LocalDateTime time -> ArrowValues.micros(time);
                case Instant instant ->
                    instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
                case Long exact -> exact;
                default -> null;
              });
    }
    return micros;
  }

  /**
   * A bound array (a query vector): float[], double[] or a list of numbers, as the list of Float
   * Calcite's code holds for REAL ARRAY.
   */
  private static List<Float> arrayOf(Object value) {
    switch (value) {
      case null -> {
        return null;
      }
      case float[] floats -> {
        List<Float> list = new ArrayList<>(floats.length);
        for (float f : floats) {
          list.add(f);
        }
        return list;
      }
      case double[] doubles -> {
        List<Float> list = new ArrayList<>(doubles.length);
        for (double d : doubles) {
          list.add((float) d);
        }
        return list;
      }
      case List<?> elements -> {
        List<Float> list = new ArrayList<>(elements.size());
        for (Object element : elements) {
          list.add(element instanceof Number number ? number.floatValue() : null);
        }
        return list;
      }
      default ->
          throw SheafException.of(
              ErrorCode.TYPE_MISMATCH,
              "Cannot bind %s to a vector parameter: give a list of numbers",
              value.getClass().getSimpleName());
    }
  }

  private static Object toCalcite(SheafType type, Object value) {
    Object sheaf =
        switch (value) {
          case null -> null;
          case LocalDate date -> (int) date.toEpochDay();
          case LocalDateTime time -> ArrowValues.micros(time);
          case Instant instant -> instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
          case Double d when type.kind() == dev.sheaf.spi.types.TypeKind.DECIMAL ->
              BigDecimal.valueOf(d);
          default -> value;
        };
    try {
      return CalciteValues.toCalcite(type, SheafValues.coerce(type, sheaf));
    } catch (ClassCastException | NumberFormatException | ArithmeticException e) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot bind %s (%s) to a parameter of type %s",
          value,
          value.getClass().getSimpleName(),
          type);
    }
  }
}
