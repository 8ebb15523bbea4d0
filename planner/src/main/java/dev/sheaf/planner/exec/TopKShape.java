package dev.sheaf.planner.exec;

import dev.sheaf.planner.similarity.SimilarityFunctions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
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
 * [DESC] LIMIT k}, where the distance is {@code cosine_distance}, {@code l2_distance}, {@code
 * inner_product} or {@code similarity}, {@code c} a column of {@code t}, and the vector an {@code
 * ARRAY[...]} of number literals or a bound parameter; or {@code ORDER BY text_match(c, 'query')
 * DESC LIMIT k} (BM25 of a full-text index; the query a string literal or a parameter); or {@code
 * ORDER BY rrf(<distance>(c, v), text_match(c2, 'query')) DESC LIMIT k} (the two fused: {@code
 * fused}; {@code function}, {@code column} and {@code descending} then describe the vector part).
 * Other bound parameters may appear in the select list and the WHERE (the statements Sheaf derives
 * number them afresh, {@link IndexTopK}). The hint {@code SELECT /*+ ef_search(n) *}{@code / ...}
 * sets how many candidates the graph search keeps.
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
    Integer efSearch,
    TextKey text,
    boolean fused) {

  /** The SQL names of the ranking calls an index answers: text scores and their fusion. */
  static final String TEXT_MATCH = "text_match";

  static final String RRF = "rrf";

  /** {@code similarity(c, v)}: 1 - cosine_distance, answered by a cosine index. */
  static final String SIMILARITY = "similarity";

  /**
   * A {@code text_match(c, 'query')} call: its column and query, a string literal or the bound
   * parameter {@code parameter} (else -1).
   */
  record TextKey(SqlBasicCall call, String column, String literal, int parameter) {
    /**
     * Whether {@code other} is a text_match of the same column and query (literal or parameter).
     */
    boolean sameAs(SqlCall other, String alias) {
      TextKey key = other instanceof SqlBasicCall basic ? textKey(basic, alias) : null;
      return key != null
          && key.column.equals(column)
          && java.util.Objects.equals(key.literal, literal)
          && key.parameter == parameter;
    }
  }

  /** The distance call of a vector key: function, column, literal vector or parameter index. */
  private record VectorKey(String function, String column, float[] literal, int parameter) {}

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
    FromTable from = FromTable.of(select.getFrom());
    if (from == null) {
      return null;
    }
    SqlIdentifier table = from.table();
    String alias = from.alias();
    SqlNode key = order.orderList.get(0);
    boolean descending = false;
    if (key.getKind() == SqlKind.DESCENDING) {
      descending = true;
      key = ((SqlCall) key).operand(0);
    }
    key = aliased(select, key);
    if (!(key instanceof SqlBasicCall call)) {
      return null;
    }
    if (mentions(select.getWhere(), TEXT_MATCH) || mentions(select.getWhere(), RRF)) {
      return null;
    }
    String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
    VectorKey vector = null;
    TextKey text = null;
    if (name.equals(TEXT_MATCH)) {
      text = textKey(call, alias);
      if (text == null || !descending) {
        return null;
      }
    } else if (name.equals(RRF)) {
      if (!descending || call.operandCount() != 2) {
        return null;
      }
      for (int i = 0; i < 2 && (vector == null || text == null); i++) {
        if (call.operand(i) instanceof SqlBasicCall operand) {
          if (operand.getOperator().getName().equalsIgnoreCase(TEXT_MATCH)) {
            text = textKey(operand, alias);
          } else {
            vector = vectorKey(operand, alias);
          }
        }
      }
      if (vector == null || text == null) {
        return null;
      }
      descending = biggerIsNearer(vector.function());
    } else {
      vector = vectorKey(call, alias);
      if (vector == null) {
        return null;
      }
    }
    if (!parameters(select.getFrom()).isEmpty()) {
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
        vector == null ? TEXT_MATCH : vector.function(),
        vector == null ? text.column() : vector.column(),
        descending,
        vector == null ? null : vector.literal(),
        vector == null ? -1 : vector.parameter(),
        k,
        efSearch(select),
        text,
        vector != null && text != null);
  }

  /** Whether a larger value of this vector function means a nearer row. */
  static boolean biggerIsNearer(String function) {
    return function.equals("inner_product") || function.equals(SIMILARITY);
  }

  /** Whether this ranks by text (alone or fused with a vector distance). */
  boolean ranksText() {
    return text != null;
  }

  private static VectorKey vectorKey(SqlBasicCall call, String alias) {
    if (call.operandCount() != 2) {
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
    String column = columnOf(first, alias);
    if (column == null) {
      return null;
    }
    float[] literal = literalVector(second);
    int vectorParameter = -1;
    if (literal == null) {
      SqlDynamicParam parameter = parameterOf(second);
      if (parameter == null) {
        return null;
      }
      vectorParameter = parameter.getIndex();
    }
    return new VectorKey(function, column, literal, vectorParameter);
  }

  private static TextKey textKey(SqlBasicCall call, String alias) {
    if (call.operandCount() != 2) {
      return null;
    }
    String column = columnOf(call.operand(0), alias);
    if (column == null) {
      return null;
    }
    SqlNode query = call.operand(1);
    if (query instanceof SqlCharStringLiteral literal) {
      return new TextKey(call, column, literal.getValueAs(String.class), -1);
    }
    SqlDynamicParam parameter = parameterOf(query);
    return parameter == null ? null : new TextKey(call, column, null, parameter.getIndex());
  }

  /** The column a bare or alias-qualified identifier names, else null. */
  private static String columnOf(SqlNode node, String alias) {
    if (!(node instanceof SqlIdentifier columnRef)
        || !(columnRef.isSimple()
            || (columnRef.names.size() == 2 && columnRef.names.get(0).equals(alias)))) {
      return null;
    }
    return columnRef.names.get(columnRef.names.size() - 1);
  }

  /** Whether {@code node} calls the function {@code name} anywhere. */
  static boolean mentions(SqlNode node, String name) {
    if (node == null) {
      return false;
    }
    boolean[] found = {false};
    node.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call.getOperator().getName().equalsIgnoreCase(name)) {
              found[0] = true;
            }
            return super.visit(call);
          }
        });
    return found[0];
  }

  /**
   * An ORDER BY key naming a select item's alias, or its position ({@code ORDER BY 2}, no {@code *}
   * before it): that item's expression.
   */
  static SqlNode aliased(SqlSelect select, SqlNode key) {
    if (key instanceof SqlNumericLiteral ordinal && ordinal.isInteger()) {
      int position = ordinal.intValue(false);
      List<SqlNode> items = select.getSelectList().getList();
      if (position < 1 || position > items.size()) {
        return key;
      }
      for (SqlNode item : items.subList(0, position)) {
        if (item instanceof SqlIdentifier identifier && identifier.isStar()) {
          return key;
        }
      }
      SqlNode item = items.get(position - 1);
      return item instanceof SqlBasicCall as && as.getKind() == SqlKind.AS ? as.operand(0) : item;
    }
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
