package dev.sheaf.planner.exec;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.TimestampString;

/**
 * The microseconds of timestamp literals that a write's rows come from. Calcite's runtime holds a
 * TIMESTAMP as epoch milliseconds, so {@code INSERT ... VALUES (TIMESTAMP '... .104357')} would
 * store .104000; Sheaf stores microseconds, so the writer takes the exact value from the literal
 * where a row's value is one: rows of a VALUES list (through projections and UNION ALL), and a
 * projection whose column is the same literal for every row ({@code UPDATE ... SET t = TIMESTAMP
 * '...'}). A timestamp literal under casts to TIMESTAMP counts. (A character literal written into a
 * TIMESTAMP column is converted by Calcite's validator before Sheaf sees it, through milliseconds:
 * its fraction is not recovered here.)
 */
final class ExactTimestamps {
  private static final ExactTimestamps NONE = new ExactTimestamps(null, null, List.of());

  /** Per row, its column expressions; null when the rows do not come from literals. */
  private final List<List<RexNode>> rows;

  /** Per column, an expression every row shares; null when there is no such projection. */
  private final List<RexNode> shared;

  /** The exact microseconds of the statement's TIMESTAMP parameters, by index (may hold nulls). */
  private final List<Long> parameters;

  private ExactTimestamps(List<List<RexNode>> rows, List<RexNode> shared, List<Long> parameters) {
    this.rows = rows;
    this.shared = shared;
    this.parameters = parameters;
  }

  static ExactTimestamps of(RelNode input) {
    return of(input, List.of());
  }

  /**
   * With the exact microseconds of the bound TIMESTAMP parameters ({@link ParameterValues#micros}),
   * so {@code INSERT ... VALUES (?)} and {@code UPDATE ... SET t = ?} keep them too.
   */
  static ExactTimestamps of(RelNode input, List<Long> parameters) {
    List<Long> exact = parameters == null ? List.of() : parameters;
    List<RexNode> shared = input instanceof Project project ? constants(project, exact) : null;
    List<List<RexNode>> rows = rowsOf(input);
    return rows == null && shared == null ? NONE : new ExactTimestamps(rows, shared, exact);
  }

  /** The exact epoch microseconds of the value at ({@code row}, {@code column}), or null. */
  Long micros(int row, int column) {
    if (shared != null && column < shared.size() && shared.get(column) != null) {
      return micros(shared.get(column), parameters);
    }
    if (rows != null && row < rows.size() && column < rows.get(row).size()) {
      return micros(rows.get(row).get(column), parameters);
    }
    return null;
  }

  private static List<RexNode> constants(Project project, List<Long> parameters) {
    List<RexNode> constants = new ArrayList<>();
    boolean any = false;
    for (RexNode expression : project.getProjects()) {
      boolean literal = micros(expression, parameters) != null;
      constants.add(literal ? expression : null);
      any |= literal;
    }
    return any ? constants : null;
  }

  private static List<List<RexNode>> rowsOf(RelNode node) {
    if (node instanceof Values values) {
      List<List<RexNode>> rows = new ArrayList<>();
      values.getTuples().forEach(tuple -> rows.add(List.copyOf(tuple)));
      return rows;
    }
    if (node instanceof Project project) {
      List<List<RexNode>> inputs = rowsOf(project.getInput());
      if (inputs == null) {
        return null;
      }
      List<List<RexNode>> rows = new ArrayList<>();
      for (List<RexNode> input : inputs) {
        List<RexNode> row = new ArrayList<>();
        for (RexNode expression : project.getProjects()) {
          row.add(substitute(expression, input));
        }
        rows.add(row);
      }
      return rows;
    }
    if (node instanceof Union union && union.all) {
      List<List<RexNode>> rows = new ArrayList<>();
      for (RelNode input : union.getInputs()) {
        List<List<RexNode>> part = rowsOf(input);
        if (part == null) {
          return null;
        }
        rows.addAll(part);
      }
      return rows;
    }
    return null;
  }

  /** A column reference replaced by the input's literal; casts of one kept around it. */
  private static RexNode substitute(RexNode expression, List<RexNode> input) {
    if (expression instanceof RexInputRef ref) {
      return input.get(ref.getIndex());
    }
    if (expression instanceof RexCall call
        && call.getKind() == SqlKind.CAST
        && call.getOperands().get(0) instanceof RexInputRef ref
        && isTimestamp(call)) {
      return call.clone(call.getType(), List.of(input.get(ref.getIndex())));
    }
    return expression;
  }

  private static boolean isTimestamp(RexNode node) {
    return node.getType().getFamily() == SqlTypeFamily.TIMESTAMP;
  }

  private static Long micros(RexNode expression, List<Long> parameters) {
    RexNode node = expression;
    while (node instanceof RexCall call && call.getKind() == SqlKind.CAST && isTimestamp(call)) {
      node = call.getOperands().get(0);
    }
    if (node instanceof RexDynamicParam parameter) {
      int index = parameter.getIndex();
      return index < parameters.size() ? parameters.get(index) : null;
    }
    if (!(node instanceof RexLiteral literal) || literal.isNull()) {
      return null;
    }
    if (!isTimestamp(literal)) {
      return null;
    }
    TimestampString value = literal.getValueAs(TimestampString.class);
    return value == null ? null : parse(value.toString());
  }

  private static Long parse(String text) {
    try {
      LocalDateTime time = LocalDateTime.parse(text.replace(' ', 'T'));
      return ChronoUnit.MICROS.between(LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC), time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
