package dev.sheaf.planner.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/** The model functions SQL has, and what the planner asks about their calls. */
public final class ModelFunctions {
  public static final String EMBED_TEXT = "embed_text";

  private ModelFunctions() {}

  public static void register(SchemaPlus root) {
    root.add(EMBED_TEXT, new ModelFunction());
  }

  /** The {@code embed_text} calls in a parse tree, outermost first. */
  public static List<SqlCall> embedCalls(SqlNode node) {
    List<SqlCall> calls = new ArrayList<>();
    node.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call.getOperator().getName().toLowerCase(Locale.ROOT).equals(EMBED_TEXT)
                && call.operandCount() == 2) {
              calls.add(call);
            }
            return super.visit(call);
          }
        });
    return calls;
  }

  /** Whether a statement calls a model function. */
  public static boolean calledIn(SqlNode statement) {
    return !embedCalls(statement).isEmpty();
  }

  /**
   * The size of the vectors an expression gives: that of the model its {@code embed_text} calls
   * name (a literal), or -1 when it calls none. Fails when the calls name models of different sizes
   * or a model by an expression, since a VECTOR column needs one size.
   */
  public static int vectorSize(SqlNode expression, Models models) {
    int size = -1;
    for (SqlCall call : embedCalls(expression)) {
      if (!(call.operand(0) instanceof SqlCharStringLiteral literal)) {
        throw SheafException.of(
            ErrorCode.INVALID_QUERY,
            "Cannot type %s: embed_text's model must be a literal name, such as 'minilm'",
            call);
      }
      int dimension = models.embedding(literal.getValueAs(String.class)).dimension();
      if (size >= 0 && size != dimension) {
        throw SheafException.of(
            ErrorCode.TYPE_MISMATCH,
            "Cannot type %s: it mixes vectors of %d and %d values",
            expression,
            size,
            dimension);
      }
      size = dimension;
    }
    return size;
  }

  /** The vector size of a result expression that is an {@code embed_text} call, or -1. */
  public static int vectorSize(RexNode expression, Models models) {
    if (expression instanceof RexCall call
        && call.getOperator().getName().toLowerCase(Locale.ROOT).equals(EMBED_TEXT)
        && call.getOperands().size() == 2
        && call.getOperands().get(0) instanceof RexLiteral literal) {
      String model = literal.getValueAs(String.class);
      return model == null ? -1 : models.embedding(model).dimension();
    }
    return -1;
  }
}
