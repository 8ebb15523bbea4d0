package dev.sheaf.planner.exec;

import dev.sheaf.planner.media.MediaOnError;
import dev.sheaf.planner.model.ModelAccess;
import dev.sheaf.planner.model.ModelFunctions;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;

/**
 * The arguments of a computed expression's model calls ({@code embed_text}, {@code clip_text},
 * {@code clip_image}, and {@code ocr}, whose images are read on the model pool at once), compiled
 * as their own query ({@code SELECT model, text, ... FROM input}) so a batch of rows can be
 * embedded at once: {@link #precompute} runs it over the batch and hands each model its texts or
 * image cells, which it embeds in batches on the model pool before the expression runs row by row
 * and finds its vectors ready.
 */
final class ModelArguments {
  private final StatementContext context;
  private final ComputedInputTable input;
  private final EnumerableRel plan;

  /** The model function of each call, in the order of the query's argument pairs. */
  private final List<String> functions;

  private ModelArguments(
      StatementContext context,
      ComputedInputTable input,
      EnumerableRel plan,
      List<String> functions) {
    this.context = context;
    this.input = input;
    this.plan = plan;
    this.functions = List.copyOf(functions);
  }

  /** The arguments of the model calls in a parsed {@code SELECT expr FROM input}, or null. */
  static ModelArguments compile(
      ComputedEvaluator.Scope scope, List<SheafColumn> columns, SqlNode parsed) {
    List<SqlCall> calls = ModelFunctions.modelCalls(parsed);
    List<SqlCall> ocrCalls = ModelFunctions.ocrCalls(parsed);
    if (calls.isEmpty() && ocrCalls.isEmpty()) {
      return null;
    }
    List<String> arguments = new ArrayList<>();
    List<String> functions = new ArrayList<>();
    for (SqlCall call : calls) {
      functions.add(ModelFunctions.function(call));
      arguments.add(sql(call.operand(0)));
      arguments.add(sql(call.operand(1)));
    }
    for (SqlCall call : ocrCalls) {
      // the built-in OCR has no model argument: a constant stands in for it
      functions.add(ModelFunctions.OCR);
      arguments.add("'" + ModelFunctions.OCR + "'");
      arguments.add(sql(call.operand(0)));
    }
    StatementContext context =
        new StatementContext(
            scope.catalog(), scope.allocator(), null, scope.media(), scope.models());
    ComputedInputTable input = new ComputedInputTable(columns);
    context.addComputedInput(input);
    RelRoot root =
        context.rel(
            context.validate(context.parse(ComputedEvaluator.query(String.join(", ", arguments)))));
    context.media().onError(MediaOnError.NULL);
    return new ModelArguments(context, input, context.optimize(root.rel, null), functions);
  }

  private static String sql(SqlNode node) {
    return node.toSqlString(PostgresqlSqlDialect.DEFAULT).getSql();
  }

  /**
   * Embeds the texts the batch's model calls will ask for. A failure here is dropped: the calls
   * then run one row at a time and each failing cell gets its own error.
   */
  void precompute(List<Object[]> rows, ModelAccess models, AtomicBoolean cancel) {
    // by function and model: "clip_image\0clip"
    Map<String, List<String>> texts = new LinkedHashMap<>();
    try {
      input.rows(rows);
      try (Enumerator<?> results = context.run(plan, List.of(), cancel)) {
        while (results.moveNext()) {
          Object current = results.current();
          Object[] values = current instanceof Object[] array ? array : new Object[] {current};
          for (int call = 0; call < functions.size(); call++) {
            if (values[2 * call] instanceof String model
                && values[2 * call + 1] instanceof String text) {
              texts
                  .computeIfAbsent(functions.get(call) + "\0" + model, m -> new ArrayList<>())
                  .add(text);
            }
          }
        }
      }
      for (Map.Entry<String, List<String>> entry : texts.entrySet()) {
        String[] key = entry.getKey().split("\0", 2);
        models.precompute(key[0], key[1], entry.getValue(), context.media());
      }
    } catch (RuntimeException e) {
      if (cancel.get()) {
        throw e;
      }
    } finally {
      input.rows(List.of());
    }
  }
}
