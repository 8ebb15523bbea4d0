package dev.sheaf.planner.exec;

import dev.sheaf.planner.similarity.SimilarityFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * The query vector of a similarity search given as an expression of no column or parameter, such as
 * a model call: {@code ORDER BY cosine_distance(emb, embed_text('minilm', 'a kitten')) LIMIT 5}. It
 * is computed once per statement ({@link #slot}, then {@link #literal}) and put in the statement as
 * an {@code ARRAY[...]} literal, so an index answers the query as it answers a literal vector, and
 * an exact scan does not call the model once per row.
 */
final class QueryVectors {
  private QueryVectors() {}

  /** Where a constant vector expression stands: operand {@code operand} of a distance call. */
  record Slot(SqlCall call, int operand) {
    SqlNode expression() {
      return call.operand(operand);
    }

    /** A {@code SELECT <expression>} that computes the vector. */
    SqlSelect select() {
      SqlParserPos pos = SqlParserPos.ZERO;
      return new SqlSelect(
          pos,
          null,
          SqlNodeList.of(expression().clone(pos)),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }

    void replace(SqlNode vector) {
      call.setOperand(operand, vector);
    }
  }

  /**
   * The constant vector operand of the statement's {@code ORDER BY <distance>(column, expr)}, or
   * null when there is none (no such ORDER BY, or the vector is already a literal or a parameter).
   */
  static Slot slot(SqlNode statement) {
    if (!(statement instanceof SqlOrderBy order)
        || order.orderList.size() != 1
        || !(order.query instanceof SqlSelect select)) {
      return null;
    }
    SqlNode key = order.orderList.get(0);
    if (key.getKind() == SqlKind.DESCENDING) {
      key = ((SqlCall) key).operand(0);
    }
    key = TopKShape.aliased(select, key);
    if (key instanceof SqlBasicCall fusion
        && fusion.getOperator().getName().equalsIgnoreCase(TopKShape.RRF)) {
      // rrf(<distance>(c, expr), text_match(...)): the distance's vector
      for (SqlNode operand : fusion.getOperandList()) {
        if (operand instanceof SqlBasicCall call
            && !call.getOperator().getName().equalsIgnoreCase(TopKShape.TEXT_MATCH)) {
          key = call;
        }
      }
    }
    if (!(key instanceof SqlBasicCall call) || call.operandCount() != 2) {
      return null;
    }
    String function = call.getOperator().getName().toLowerCase(Locale.ROOT);
    if (!SimilarityFunctions.METHODS.containsKey(function) || function.equals("normalize")) {
      return null;
    }
    for (int i = 0; i < 2; i++) {
      SqlNode operand = call.operand(i);
      if (call.operand(1 - i) instanceof SqlIdentifier
          && operand instanceof SqlCall vector
          && vector.getKind() != SqlKind.ARRAY_VALUE_CONSTRUCTOR
          && vector.getKind() != SqlKind.CAST
          && constant(operand)) {
        return new Slot(call, i);
      }
    }
    return null;
  }

  /** Whether an expression reads no column, parameter or subquery. */
  private static boolean constant(SqlNode node) {
    boolean[] reads = {false};
    node.accept(
        new SqlShuttle() {
          @Override
          public SqlNode visit(SqlIdentifier id) {
            reads[0] = true;
            return id;
          }

          @Override
          public SqlNode visit(SqlDynamicParam param) {
            reads[0] = true;
            return param;
          }

          @Override
          public SqlNode visit(SqlCall call) {
            if (call instanceof SqlSelect || call.getKind() == SqlKind.SELECT) {
              reads[0] = true;
              return call;
            }
            return super.visit(call);
          }
        });
    return !reads[0];
  }

  /**
   * The vector of the first row of a one-column result as {@code ARRAY[...]}, or null when it is
   * NULL or not a vector.
   */
  static SqlNode literal(ArrowReader rows) {
    try {
      if (!rows.loadNextBatch() || rows.getVectorSchemaRoot().getRowCount() == 0) {
        return null;
      }
      FieldVector vector = rows.getVectorSchemaRoot().getVector(0);
      if (vector.isNull(0) || !(vector.getObject(0) instanceof List<?> values)) {
        return null;
      }
      SqlParserPos pos = SqlParserPos.ZERO;
      List<SqlNode> elements = new ArrayList<>(values.size());
      for (Object value : values) {
        if (!(value instanceof Number number) || !Float.isFinite(number.floatValue())) {
          return null;
        }
        float f = number.floatValue();
        // approximate literals: a float's exponent may be beyond a DECIMAL's range
        String digits = Float.toString(Math.abs(f));
        SqlNode magnitude =
            SqlLiteral.createApproxNumeric(digits.contains("E") ? digits : digits + "E0", pos);
        elements.add(
            f < 0 ? SqlStdOperatorTable.UNARY_MINUS.createCall(pos, magnitude) : magnitude);
      }
      return SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR.createCall(pos, elements);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
