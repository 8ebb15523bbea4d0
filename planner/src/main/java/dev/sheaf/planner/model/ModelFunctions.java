package dev.sheaf.planner.model;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
  public static final String CLIP_TEXT = "clip_text";
  public static final String CLIP_IMAGE = "clip_image";

  /** The built-in OCR: a media function, computed ahead with the model calls. */
  public static final String OCR = "ocr";

  private static final Set<String> NAMES = Set.of(EMBED_TEXT, CLIP_TEXT, CLIP_IMAGE);

  private ModelFunctions() {}

  public static void register(SchemaPlus root) {
    root.add(EMBED_TEXT, new ModelFunction("embedText", List.of("model", "text")));
    root.add(CLIP_TEXT, new ModelFunction("clipText", List.of("model", "text")));
    root.add(CLIP_IMAGE, new ModelFunction("clipImage", List.of("model", "img")));
    root.add(CLIP_IMAGE, new ModelFunction("clipImageBytes", List.of("model", "img"), true));
  }

  /** The model function a call's operator names (lower case), or null when it is none. */
  public static String function(SqlCall call) {
    String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
    return NAMES.contains(name) && call.operandCount() == 2 ? name : null;
  }

  /** The model function calls in a parse tree, outermost first. */
  public static List<SqlCall> modelCalls(SqlNode node) {
    List<SqlCall> calls = new ArrayList<>();
    node.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (function(call) != null) {
              calls.add(call);
            }
            return super.visit(call);
          }
        });
    return calls;
  }

  /** The {@code ocr(img)} calls in a parse tree, outermost first. */
  public static List<SqlCall> ocrCalls(SqlNode node) {
    List<SqlCall> calls = new ArrayList<>();
    node.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call.getOperator().getName().toLowerCase(Locale.ROOT).equals(OCR)
                && call.operandCount() == 1) {
              calls.add(call);
            }
            return super.visit(call);
          }
        });
    return calls;
  }

  /** Whether a statement calls a model function. */
  public static boolean calledIn(SqlNode statement) {
    return !modelCalls(statement).isEmpty();
  }

  /**
   * The size of the vectors an expression gives: that of the model its model function calls name (a
   * literal), or -1 when it calls none. Fails when the calls name models of different sizes or a
   * model by an expression, since a VECTOR column needs one size.
   */
  public static int vectorSize(SqlNode expression, Models models) {
    int size = -1;
    for (SqlCall call : modelCalls(expression)) {
      if (!(call.operand(0) instanceof SqlCharStringLiteral literal)) {
        throw SheafException.of(
            ErrorCode.INVALID_QUERY,
            "Cannot type %s: %s's model must be a literal name, such as 'minilm'",
            call,
            function(call));
      }
      int dimension = dimension(function(call), literal.getValueAs(String.class), models);
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

  /** The vector size of a result expression that is a model function call, or -1. */
  public static int vectorSize(RexNode expression, Models models) {
    if (expression instanceof RexCall call
        && NAMES.contains(call.getOperator().getName().toLowerCase(Locale.ROOT))
        && call.getOperands().size() == 2
        && call.getOperands().get(0) instanceof RexLiteral literal) {
      String model = literal.getValueAs(String.class);
      return model == null
          ? -1
          : dimension(call.getOperator().getName().toLowerCase(Locale.ROOT), model, models);
    }
    return -1;
  }

  /** The size of the vectors a model function gives with that model (of the function's task). */
  private static int dimension(String function, String model, Models models) {
    return function.equals(EMBED_TEXT)
        ? models.embedding(model).dimension()
        : models.clip(model).dimension();
  }
}
