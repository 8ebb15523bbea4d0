package dev.sheaf.planner.vector;

import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.schema.IcebergFilters;
import dev.sheaf.planner.schema.SheafTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.iceberg.expressions.Expression;

/**
 * A query Sheaf runs on Arrow vectors instead of Calcite's row engine: a table scan with its
 * projection, pushed filters the vectors can evaluate, numeric expressions of its columns ({@link
 * VectorExpression}) and an optional LIMIT. {@link #match} recognises the plan shape; anything else
 * (sorts, joins, aggregates, other expressions) keeps Calcite's plan. An output column is a table
 * column ({@code outputColumns[i] >= 0}) or an expression ({@code outputExpressions[i]}).
 */
public record VectorScanPlan(
    SheafTable table,
    int[] readColumns,
    int[] outputColumns,
    List<VectorExpression> outputExpressions,
    VectorPredicate predicate,
    Expression pruning,
    long limit) {

  /** Whether scans of the table read Arrow vectors from its files (local storage). */
  public static boolean readsFast(SheafTable table) {
    return TableBatchCursor.supports(table);
  }

  /** The vectorized plan for an optimized Calcite plan, or null when its shape does not fit. */
  public static VectorScanPlan match(RelNode plan, int[] resultFields) {
    return match(plan, resultFields, new RexShuttle());
  }

  /**
   * The vectorized plan for one execution of a plan with parameters ({@code ?}): their values
   * become literals, so the filters run on the vectors and prune files as literal filters do; null
   * when the shape does not fit or a value cannot be a literal.
   */
  public static VectorScanPlan match(RelNode plan, int[] resultFields, List<Object> parameters) {
    RexBuilder rexBuilder = plan.getCluster().getRexBuilder();
    try {
      return match(plan, resultFields, new ParameterLiterals(rexBuilder, parameters));
    } catch (RuntimeException e) {
      return null; // a value Calcite cannot hold as a literal: the row engine binds it instead
    }
  }

  private static VectorScanPlan match(RelNode plan, int[] resultFields, RexShuttle binder) {
    RelNode node = plan;
    long limit = -1;
    if (node instanceof EnumerableLimit limited) {
      if (limited.offset != null
          || limited.fetch == null
          || !(limited.fetch.accept(binder) instanceof RexLiteral fetch)) {
        return null;
      }
      BigDecimal value = fetch.getValueAs(BigDecimal.class);
      if (value == null) {
        return null;
      }
      limit = value.longValue();
      node = limited.getInput();
    }
    List<RexNode> computed = null;
    RexNode condition = null;
    if (node instanceof EnumerableCalc calc) {
      RexProgram program = calc.getProgram();
      if (program.getCondition() != null) {
        // a filter Calcite did not push into the scan (one with parameters, say): it runs on the
        // vectors with the pushed ones when it can
        condition = program.expandLocalRef(program.getCondition()).accept(binder);
      }
      computed = new ArrayList<>();
      for (RexLocalRef project : program.getProjectList()) {
        computed.add(program.expandLocalRef(project).accept(binder));
      }
      node = calc.getInput();
    }
    if (node instanceof EnumerableTableScan plain) {
      SheafTable table = plain.getTable().unwrap(SheafTable.class);
      if (table == null || !ArrowScanReader.supports(table)) {
        return null;
      }
      List<RexNode> filters = condition == null ? List.of() : List.of(condition);
      VectorPredicate predicate = null;
      if (!filters.isEmpty()) {
        predicate =
            VectorPredicate.compile(filters, table.columns(), plain.getCluster().getRexBuilder());
        if (predicate == null) {
          return null;
        }
      }
      return of(table, identity(table), filters, predicate, computed, resultFields, limit, plain);
    }
    if (!(node instanceof EnumerableInterpreter interpreter)
        || !(interpreter.getInput() instanceof Bindables.BindableTableScan scan)) {
      return null;
    }
    SheafTable table = scan.getTable().unwrap(SheafTable.class);
    if (table == null || !ArrowScanReader.supports(table)) {
      return null;
    }
    List<Integer> projects = scan.projects;
    if (projects.isEmpty()) {
      if (scan.getRowType().getFieldCount() != table.columns().size()) {
        return null;
      }
      projects = identity(table);
    }
    VectorPredicate predicate = null;
    List<RexNode> filters = new ArrayList<>(binder.apply(scan.filters));
    if (condition != null) {
      filters.add(condition.accept(new ScanFieldsToColumns(projects)));
    }
    if (!filters.isEmpty()) {
      predicate =
          VectorPredicate.compile(filters, table.columns(), scan.getCluster().getRexBuilder());
      if (predicate == null) {
        return null;
      }
    }
    return of(table, projects, filters, predicate, computed, resultFields, limit, scan);
  }

  private static List<Integer> identity(SheafTable table) {
    return java.util.stream.IntStream.range(0, table.columns().size()).boxed().toList();
  }

  private static VectorScanPlan of(
      SheafTable table,
      List<Integer> projects,
      List<RexNode> filters,
      VectorPredicate predicate,
      List<RexNode> computed,
      int[] resultFields,
      long limit,
      RelNode scan) {
    RexBuilder rexBuilder = scan.getCluster().getRexBuilder();
    Set<Integer> read = new TreeSet<>();
    if (predicate != null) {
      predicate.addColumns(read);
    }
    int[] output = new int[resultFields.length];
    List<VectorExpression> expressions = new ArrayList<>();
    for (int i = 0; i < output.length; i++) {
      RexNode project = computed == null ? null : computed.get(resultFields[i]);
      if (project == null || project instanceof RexInputRef) {
        int field = project == null ? resultFields[i] : ((RexInputRef) project).getIndex();
        output[i] = projects.get(field);
        read.add(output[i]);
        expressions.add(null);
        continue;
      }
      VectorExpression expression = VectorExpression.compile(project, projects);
      if (expression == null) {
        return null;
      }
      expression.addColumns(read);
      output[i] = -1;
      expressions.add(expression);
    }
    Expression pruning =
        new IcebergFilters(table.columns(), rexBuilder).translate(table.prunable(filters));
    return new VectorScanPlan(
        table,
        read.stream().mapToInt(Integer::intValue).toArray(),
        output,
        java.util.Collections.unmodifiableList(expressions),
        predicate,
        pruning,
        limit);
  }

  /** Reads partition {@code window} of the scan's rows (all of them with {@link RowWindow#ALL}). */
  public ArrowReader open(
      BufferAllocator allocator,
      List<ResultColumn> columns,
      AtomicBoolean cancel,
      int batchRows,
      RowWindow window) {
    return new ArrowScanReader(
        allocator,
        table,
        readColumns,
        outputColumns,
        outputExpressions,
        columns,
        predicate,
        pruning,
        limit,
        cancel,
        batchRows,
        window);
  }
}
