package dev.sheaf.planner.exec;

import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.planner.vector.ArrowOperator;
import dev.sheaf.planner.vector.ArrowRows;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.planner.vector.VectorOperators;
import dev.sheaf.planner.vector.VectorScanPlan;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlNode;

/** Runs queries and EXPLAIN: validate, plan, generate code, stream the rows as Arrow. */
final class QueryRunner {
  /** How long a batch of a statement calling media functions fills before it is sent. */
  private static final long MEDIA_BATCH_FILL_NANOS = 200_000_000L;

  private final BufferAllocator allocator;

  QueryRunner(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /**
   * A compiled query, ready to run any number of times: Calcite's plan, the vectorized plan when
   * the query is a scan Sheaf runs on Arrow vectors, and the table whose scan it splits at when it
   * reads as partitions ({@link ScanSplit}; null when it does not split).
   */
  record CompiledQuery(
      EnumerableRel plan,
      List<ResultColumn> columns,
      int[] fields,
      VectorScanPlan vectorPlan,
      SheafTable splitTable) {

    /** Whether partitions of this query read row windows of its one table scan. */
    boolean splits() {
      return splitTable != null && (vectorPlan == null || vectorPlan.limit() < 0);
    }
  }

  CompiledQuery compile(StatementContext context, SqlNode validated) {
    RelRoot root = context.rel(validated);
    EnumerableRel plan =
        VectorOperators.rewrite(
            context.optimize(root.rel, root.collation), root.collation, allocator);
    int[] fields = StatementContext.resultFields(root);
    return new CompiledQuery(
        plan,
        context.resultColumns(root, context.models().models()),
        fields,
        VectorScanPlan.match(plan, fields),
        ScanSplit.table(plan));
  }

  /**
   * The query's rows as Sheaf values in result order, timestamps in microseconds, when it runs
   * without Calcite's row engine (an Arrow operator that is the whole query, or a vectorized scan);
   * null when Calcite's code runs it. CREATE TABLE AS reads its rows this way, so it copies every
   * digit.
   */
  Enumerator<Object[]> exactRows(CompiledQuery query, AtomicBoolean cancel) {
    ArrowOperator operator = VectorOperators.wholeQuery(query.plan());
    if (operator != null) {
      int[] fields = query.fields();
      return Linq4j.transform(
          operator.sheafRows(cancel),
          row -> {
            Object[] result = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
              result[i] = row[fields[i]];
            }
            return result;
          });
    }
    if (query.vectorPlan() != null) {
      return new ArrowRows(
          query
              .vectorPlan()
              .open(allocator, query.columns(), cancel, RowBatchReader.MAX_ROWS, RowWindow.ALL),
          query.columns());
    }
    return null;
  }

  StatementResult run(
      StatementContext context,
      CompiledQuery query,
      List<Object> parameters,
      AtomicBoolean cancel) {
    ArrowOperator operator = VectorOperators.wholeQuery(query.plan());
    if (operator != null) {
      return new StatementResult(
          RowBatchReader.ofSheafValues(
              allocator, operator.sheafRows(cancel), query.columns(), query.fields()),
          -1);
    }
    VectorScanPlan vectorPlan =
        parameters.isEmpty()
            ? query.vectorPlan()
            : VectorScanPlan.match(query.plan(), query.fields(), parameters);
    if (vectorPlan != null) {
      return new StatementResult(
          vectorPlan.open(
              allocator, query.columns(), cancel, RowBatchReader.MAX_ROWS, RowWindow.ALL),
          -1);
    }
    Enumerator<Object[]> literals =
        parameters.isEmpty() ? LiteralRows.of(query.plan(), query.columns(), query.fields()) : null;
    if (literals != null) {
      return new StatementResult(
          RowBatchReader.ofSheafValues(allocator, literals, query.columns(), query.fields()), -1);
    }
    Enumerator<?> rows = context.run(query.plan(), parameters, cancel);
    return new StatementResult(
        new RowBatchReader(
            allocator,
            rows,
            query.columns(),
            query.fields(),
            RowBatchReader.MAX_ROWS,
            maxFillNanos(context)),
        -1);
  }

  /**
   * Reads one window of a query that splits at its scan: on the vectors when it runs as a
   * vectorized scan, else on Calcite's row engine with the window in the statement's context.
   */
  StatementResult runWindow(
      StatementContext context, CompiledQuery query, RowWindow window, AtomicBoolean cancel) {
    if (query.vectorPlan() != null) {
      return new StatementResult(
          query
              .vectorPlan()
              .open(allocator, query.columns(), cancel, RowBatchReader.MAX_ROWS, window),
          -1);
    }
    Enumerator<?> rows = context.run(query.plan(), List.of(), cancel, window);
    return new StatementResult(
        new RowBatchReader(
            allocator,
            rows,
            query.columns(),
            query.fields(),
            RowBatchReader.MAX_ROWS,
            maxFillNanos(context)),
        -1);
  }

  /**
   * How long a result batch fills before it is sent: a statement calling media functions computes
   * its rows at the speed of its fetches, so its first rows go out after 200 ms rather than after a
   * whole batch (up to 16 MB of images); other statements fill whole batches.
   */
  private static long maxFillNanos(StatementContext context) {
    return context.media() != null && context.media().usesPins()
        ? MEDIA_BATCH_FILL_NANOS
        : Long.MAX_VALUE;
  }

  /**
   * EXPLAIN: Calcite's plan, under {@code SheafVectorScan} when it runs on Arrow vectors, and under
   * {@code header} (the index top-k that picks the rows it finishes) when not null.
   */
  StatementResult explain(StatementContext context, SqlExplain explain, String header) {
    SqlNode validated = context.validate(explain.getExplicandum());
    CompiledQuery query = compile(context, validated);
    String text =
        (header != null ? header + "\n  on the candidates:\n  " : "")
            + (query.vectorPlan() != null ? "SheafVectorScan(on Arrow vectors)\n  " : "")
            + RelOptUtil.toString(query.plan());
    List<Object> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      lines.add(line);
    }
    List<ResultColumn> columns =
        List.of(new ResultColumn("plan", SheafType.of(TypeKind.VARCHAR), false));
    Enumerator<Object> enumerator = Linq4j.enumerator(lines);
    return new StatementResult(
        new RowBatchReader(allocator, enumerator, columns, new int[] {0}, RowBatchReader.MAX_ROWS),
        -1);
  }
}
