package dev.sheaf.planner.exec;

import dev.sheaf.planner.similarity.SimilarityFunctions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A query of the shape an index can answer, read from the parse tree (after {@link
 * StatementRewriter}): {@code SELECT ... FROM t [AS a] [WHERE p] ORDER BY <distance>(c, <vector>)
 * [DESC] LIMIT k}, where the distance is {@code cosine_distance}, {@code l2_distance} or {@code
 * inner_product}, {@code c} a column of {@code t}, and the vector an {@code ARRAY[...]} of number
 * literals or a bound parameter. Other bound parameters may appear in the select list and the WHERE
 * (the statements Sheaf derives number them afresh, {@link IndexTopK}). The hint {@code SELECT /*+
 * ef_search(n) *}{@code / ...} sets how many candidates the graph search keeps.
 */
record TopKShape(
    SqlOrderBy statement,
    SqlSelect select,
    SqlIdentifier table,
    String alias,
    String function,
    String column,
    boolean descending,
    float[] literalVector,
    int vectorParameter,
    int k,
    Integer efSearch) {

  /** The shape of {@code node}, or null when it is not one. */
  static TopKShape of(SqlNode node) {
    if (!(node instanceof SqlOrderBy order)
        || !(order.query instanceof SqlSelect select)
        || order.offset != null
        || !(order.fetch instanceof SqlNumericLiteral fetch)
        || order.orderList.size() != 1
        || select.getGroup() != null
        || select.getHaving() != null
        || select.isDistinct()
        || select.getOrderList() != null
        || select.getFetch() != null) {
      return null;
    }
    SqlIdentifier table;
    String alias;
    SqlNode from = select.getFrom();
    if (from instanceof SqlIdentifier identifier) {
      table = identifier;
      alias = identifier.names.get(identifier.names.size() - 1);
    } else if (from instanceof SqlBasicCall as
        && as.getKind() == SqlKind.AS
        && as.operandCount() == 2
        && as.operand(0) instanceof SqlIdentifier identifier
        && as.operand(1) instanceof SqlIdentifier name) {
      table = identifier;
      alias = name.getSimple();
    } else {
      return null;
    }
    SqlNode key = order.orderList.get(0);
    boolean descending = false;
    if (key.getKind() == SqlKind.DESCENDING) {
      descending = true;
      key = ((SqlCall) key).operand(0);
    }
    key = aliased(select, key);
    if (!(key instanceof SqlBasicCall call) || call.operandCount() != 2) {
      return null;
    }
    String function = call.getOperator().getName().toLowerCase(Locale.ROOT);
    if (!SimilarityFunctions.METHODS.containsKey(function) || function.equals("normalize")) {
      return null;
    }
    SqlNode first = call.operand(0);
    SqlNode second = call.operand(1);
    if (!(first instanceof SqlIdentifier)) {
      SqlNode swap = first;
      first = second;
      second = swap;
    }
    if (!(first instanceof SqlIdentifier columnRef)
        || !(columnRef.isSimple()
            || (columnRef.names.size() == 2 && columnRef.names.get(0).equals(alias)))) {
      return null;
    }
    String column = columnRef.names.get(columnRef.names.size() - 1);
    float[] literal = literalVector(second);
    int vectorParameter = -1;
    if (literal == null) {
      SqlDynamicParam parameter = parameterOf(second);
      if (parameter == null) {
        return null;
      }
      vectorParameter = parameter.getIndex();
    }
    if (!parameters(from).isEmpty()) {
      return null;
    }
    int k;
    try {
      k = fetch.getValueAs(BigDecimal.class).intValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
    if (k < 1) {
      return null;
    }
    return new TopKShape(
        order,
        select,
        table,
        alias,
        function,
        column,
        descending,
        literal,
        vectorParameter,
        k,
        efSearch(select));
  }

  /** An ORDER BY key naming a select item's alias: that item's expression. */
  static SqlNode aliased(SqlSelect select, SqlNode key) {
    if (!(key instanceof SqlIdentifier identifier) || !identifier.isSimple()) {
      return key;
    }
    for (SqlNode item : select.getSelectList()) {
      if (item instanceof SqlBasicCall as
          && as.getKind() == SqlKind.AS
          && as.operand(1) instanceof SqlIdentifier name
          && name.getSimple().equals(identifier.getSimple())) {
        return as.operand(0);
      }
    }
    return key;
  }

  /** {@code ARRAY[n, -n, ...]} of number literals as floats, else null. */
  private static float[] literalVector(SqlNode node) {
    if (!(node instanceof SqlCall call) || call.getKind() != SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
      return null;
    }
    float[] values = new float[call.operandCount()];
    for (int i = 0; i < values.length; i++) {
      SqlNode element = call.operand(i);
      float sign = 1;
      if (element.getKind() == SqlKind.MINUS_PREFIX) {
        sign = -1;
        element = ((SqlCall) element).operand(0);
      }
      if (!(element instanceof SqlNumericLiteral number)) {
        return null;
      }
      values[i] = sign * number.getValueAs(BigDecimal.class).floatValue();
    }
    return values;
  }

  /** A bound parameter, bare or as the {@code CAST(? AS REAL ARRAY)} the rewriter made of it. */
  private static SqlDynamicParam parameterOf(SqlNode node) {
    if (node instanceof SqlDynamicParam parameter) {
      return parameter;
    }
    if (node instanceof SqlCall call
        && call.getKind() == SqlKind.CAST
        && call.operand(0) instanceof SqlDynamicParam parameter) {
      return parameter;
    }
    return null;
  }

  /** The indexes of the bound parameters under {@code node}, in the order they appear. */
  private static List<Integer> parameters(SqlNode node) {
    List<Integer> indexes = new ArrayList<>();
    if (node != null) {
      node.accept(
          new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlDynamicParam parameter) {
              indexes.add(parameter.getIndex());
              return null;
            }
          });
    }
    return indexes;
  }

  /** The {@code ef_search(n)} hint's n, or null. */
  private static Integer efSearch(SqlSelect select) {
    if (!select.hasHints()) {
      return null;
    }
    for (SqlNode node : select.getHints()) {
      if (node instanceof SqlHint hint
          && hint.getName().equalsIgnoreCase("ef_search")
          && hint.getOptionList().size() == 1) {
        try {
          return Integer.valueOf(hint.getOptionList().get(0));
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }
}
