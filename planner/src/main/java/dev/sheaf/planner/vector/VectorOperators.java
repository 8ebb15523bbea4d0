package dev.sheaf.planner.vector;

import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.schema.CalciteTypes;
import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.adapter.enumerable.EnumerableNestedLoopJoin;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Moves parts of an optimized Calcite plan onto Arrow batches: each aggregate whose input is a
 * vectorized scan ({@link VectorScanPlan}) and whose functions have an Arrow form ({@link
 * Accumulator}) becomes a {@link VectorAggregateRel}. Everything else stays on Calcite's row
 * engine, which then reads the aggregate's rows.
 */
public final class VectorOperators {
  /** The Calcite types whose values an Arrow operator reads, as Calcite's code holds them. */
  private static final Set<SqlTypeName> TYPES =
      EnumSet.of(
          SqlTypeName.BOOLEAN,
          SqlTypeName.INTEGER,
          SqlTypeName.BIGINT,
          SqlTypeName.REAL,
          SqlTypeName.DOUBLE,
          SqlTypeName.DECIMAL,
          SqlTypeName.VARCHAR,
          SqlTypeName.DATE,
          SqlTypeName.TIMESTAMP);

  /** The Sheaf kinds of table columns the operators read. */
  private static final Set<TypeKind> KINDS =
      EnumSet.of(
          TypeKind.BOOLEAN,
          TypeKind.INTEGER,
          TypeKind.BIGINT,
          TypeKind.REAL,
          TypeKind.DOUBLE,
          TypeKind.DECIMAL,
          TypeKind.VARCHAR,
          TypeKind.DATE,
          TypeKind.TIMESTAMP);

  private static final int EXACT_BATCH_ROWS = 65_536;

  /** The most rows (OFFSET + LIMIT) a top-N keeps in its heap. */
  private static final long MAX_TOP_ROWS = 10_000;

  private VectorOperators() {}

  /** The plan with every part that runs on Arrow batches replaced by its Arrow operator. */
  public static EnumerableRel rewrite(EnumerableRel plan, BufferAllocator allocator) {
    return rewrite(plan, null, allocator);
  }

  /**
   * The plan with every part that runs on Arrow batches replaced by its Arrow operator; {@code
   * collation} is the order the statement asks of its result (ORDER BY), null or empty for none.
   */
  public static EnumerableRel rewrite(
      EnumerableRel plan, RelCollation collation, BufferAllocator allocator) {
    if (!enabled()) {
      return plan;
    }
    boolean ordered = collation != null && !collation.getFieldCollations().isEmpty();
    return (EnumerableRel) replace(plan, allocator, ordered);
  }

  /**
   * Whether plans use the Arrow operators: the JVM property {@code sheaf.vector-operators=false}
   * turns them off, so that tests and benchmarks can compare them with Calcite's row engine.
   */
  public static boolean enabled() {
    return !"false".equals(System.getProperty("sheaf.vector-operators"));
  }

  /**
   * The aggregation of a plan that is one Arrow aggregate and nothing else, whose rows then go to
   * the client without passing through Calcite's code; null for any other plan.
   */
  public static ArrowOperator wholeQuery(RelNode plan) {
    if (plan instanceof VectorOperatorRel operator) {
      return operator.operator();
    }
    // a projection of some of the operator's columns (SELECT a, b over a join): the same rows
    if (plan instanceof Calc calc
        && calc.getProgram().getCondition() == null
        && calc.getInput() instanceof VectorOperatorRel operator) {
      RexProgram program = calc.getProgram();
      List<RexLocalRef> projects = program.getProjectList();
      int[] fields = new int[projects.size()];
      for (int i = 0; i < fields.length; i++) {
        if (!(program.expandLocalRef(projects.get(i)) instanceof RexInputRef ref)) {
          return null;
        }
        fields[i] = ref.getIndex();
      }
      return new ProjectedOperator(operator.operator(), fields);
    }
    return null;
  }

  /**
   * The rows of a plan as Sheaf values in its output order (timestamps in microseconds) when it
   * runs without Calcite's row engine: an Arrow operator that is the whole plan, or a vectorized
   * scan; null otherwise. A write that copies rows (INSERT ... SELECT) reads them this way.
   */
  public static Enumerator<Object[]> exactRows(
      EnumerableRel plan, BufferAllocator allocator, AtomicBoolean cancel) {
    List<ResultColumn> columns = plan.getRowType().getFieldCount() == 0 ? null : inputColumns(plan);
    if (columns == null || hasParameters(plan)) {
      return null;
    }
    ArrowOperator operator = wholeQuery(rewrite(plan, allocator));
    if (operator != null) {
      return operator.sheafRows(cancel);
    }
    int[] fields = java.util.stream.IntStream.range(0, columns.size()).toArray();
    VectorScanPlan scan = VectorScanPlan.match(plan, fields);
    if (scan == null) {
      return null;
    }
    return new ArrowRows(
        scan.open(allocator, columns, cancel, EXACT_BATCH_ROWS, RowWindow.ALL), columns);
  }

  /** The Sheaf types of a plan's output columns, or null when one has no Arrow operator form. */
  public static List<ResultColumn> columnsOf(RelNode plan) {
    return inputColumns(plan);
  }

  /**
   * @param ordered whether what reads {@code node}'s rows may rely on their order (a node whose
   *     collation Calcite used to leave out a sort must keep it; a hash join does not)
   */
  private static RelNode replace(RelNode node, BufferAllocator allocator, boolean ordered) {
    if (node instanceof Aggregate aggregate && node instanceof EnumerableRel) {
      RelNode vectorized = aggregate(aggregate, allocator);
      if (vectorized != null) {
        return vectorized;
      }
    }
    RelNode topN = topN(node, allocator);
    if (topN != null) {
      return topN;
    }
    if (node instanceof Join join && node instanceof EnumerableRel && (!ordered || !sorted(join))) {
      RelNode vectorized = VectorJoins.hashJoin(join, allocator);
      if (vectorized != null) {
        return vectorized;
      }
    }
    boolean inputsOrdered = ordered && passesOrderThrough(node) || needsOrderedInput(node);
    List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (RelNode input : node.getInputs()) {
      RelNode replaced = replace(input, allocator, inputsOrdered);
      changed |= replaced != input;
      inputs.add(replaced);
    }
    return changed ? node.copy(node.getTraitSet(), inputs) : node;
  }

  /** Whether the node's traits say its rows come out in some order. */
  private static boolean sorted(RelNode node) {
    List<RelCollation> collations = node.getTraitSet().getTraits(RelCollationTraitDef.INSTANCE);
    return collations != null
        && collations.stream().anyMatch(c -> !c.getFieldCollations().isEmpty());
  }

  /** A node whose rows keep its input's order, so whoever relies on its order relies on theirs. */
  private static boolean passesOrderThrough(RelNode node) {
    return node instanceof Calc || node instanceof Project || node instanceof Filter;
  }

  /**
   * Whether a node relies on the order of its input rows: everything but a full sort, a hash
   * aggregate, a hash join and the nodes that pass their input's order through (they rely on it
   * only when their reader does).
   */
  private static boolean needsOrderedInput(RelNode node) {
    if (passesOrderThrough(node)) {
      return false;
    }
    boolean fullSort = node instanceof Sort sort && sort.fetch == null && sort.offset == null;
    return !(fullSort
        || node instanceof EnumerableAggregate
        || node instanceof EnumerableHashJoin
        || node instanceof EnumerableNestedLoopJoin);
  }

  /**
   * ORDER BY with LIMIT over a vectorized scan (Calcite's limit over its sort, or a sort with a
   * fetch) as a {@link VectorTopN}; null for any other node.
   */
  private static RelNode topN(RelNode node, BufferAllocator allocator) {
    RexNode offset;
    RexNode fetch;
    Sort sort;
    if (node instanceof EnumerableLimit limit
        && limit.getInput() instanceof Sort inner
        && inner.fetch == null
        && inner.offset == null) {
      sort = inner;
      offset = limit.offset;
      fetch = limit.fetch;
    } else if (node instanceof Sort outer && node instanceof EnumerableRel) {
      sort = outer;
      offset = outer.offset;
      fetch = outer.fetch;
    } else {
      return null;
    }
    if ((fetch != null && !(fetch instanceof RexLiteral))
        || (offset != null && !(offset instanceof RexLiteral))
        || sort.getCollation().getFieldCollations().isEmpty()) {
      return null;
    }
    RelNode input = sort.getInput();
    ScanInput scan = ScanInput.of(input);
    if (scan == null) {
      return null;
    }
    long fetchRows = fetch == null ? -1 : ((RexLiteral) fetch).getValueAs(Long.class);
    long offsetRows = offset == null ? 0 : ((RexLiteral) offset).getValueAs(Long.class);
    if (fetchRows >= 0 && fetchRows + offsetRows > MAX_TOP_ROWS) {
      return null; // a large LIMIT is a sort: the row engine's
    }
    List<Object[]> terms = new ArrayList<>();
    terms.add(new Object[] {"collation", sort.getCollation()});
    terms.add(new Object[] {"offset", offsetRows});
    if (fetchRows >= 0) {
      terms.add(new Object[] {"fetch", fetchRows});
    }
    return new VectorOperatorRel(
        fetchRows < 0 ? "SheafVectorSort" : "SheafVectorTopN",
        node,
        terms,
        input,
        new VectorTopN(
            allocator,
            scan.plan(),
            scan.columns(),
            sort.getCollation().getFieldCollations(),
            offsetRows,
            fetchRows));
  }

  private static RelNode aggregate(Aggregate aggregate, BufferAllocator allocator) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return null;
    }
    RelNode input = aggregate.getInput();
    ScanInput scan = ScanInput.of(input);
    if (scan == null) {
      return null;
    }
    List<ResultColumn> columns = scan.columns();
    int[] keys = aggregate.getGroupSet().toArray();
    List<SheafType> outputTypes = new ArrayList<>();
    for (int key : keys) {
      outputTypes.add(columns.get(key).type());
    }
    List<Supplier<Accumulator>> functions = new ArrayList<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      Supplier<Accumulator> function = function(call, columns);
      if (function == null) {
        return null;
      }
      functions.add(function);
      SqlKind kind = call.getAggregation().getKind();
      outputTypes.add(
          kind == SqlKind.MIN || kind == SqlKind.MAX
              ? columns.get(call.getArgList().get(0)).type()
              : CalciteTypes.sheafType(call.getType()));
    }
    List<Object[]> terms = new ArrayList<>();
    terms.add(new Object[] {"group", aggregate.getGroupSet()});
    terms.add(new Object[] {"calls", aggregate.getAggCallList()});
    return new VectorOperatorRel(
        "SheafVectorAggregate",
        aggregate,
        terms,
        input,
        new VectorAggregation(allocator, scan.plan(), columns, keys, functions, outputTypes));
  }

  /**
   * The input of an Arrow operator: a vectorized scan (no LIMIT of its own, no parameters: a
   * prepared statement binds its values on the row engine) and its columns.
   */
  record ScanInput(VectorScanPlan plan, List<ResultColumn> columns) {
    static ScanInput of(RelNode input) {
      if (hasParameters(input)) {
        return null;
      }
      List<ResultColumn> columns = inputColumns(input);
      if (columns == null) {
        return null;
      }
      int[] fields = java.util.stream.IntStream.range(0, columns.size()).toArray();
      VectorScanPlan plan = VectorScanPlan.match(input, fields);
      return plan == null || plan.limit() >= 0 ? null : new ScanInput(plan, columns);
    }
  }

  /** The input's columns with their Sheaf types, or null when one has no Arrow operator form. */
  static List<ResultColumn> inputColumns(RelNode input) {
    RelMetadataQuery metadata = input.getCluster().getMetadataQuery();
    List<ResultColumn> columns = new ArrayList<>();
    List<RelDataTypeField> fields = input.getRowType().getFieldList();
    for (int i = 0; i < fields.size(); i++) {
      RelDataType type = fields.get(i).getType();
      if (!TYPES.contains(type.getSqlTypeName())) {
        return null;
      }
      SheafType sheafType = CalciteTypes.sheafType(type);
      RelColumnOrigin origin = metadata.getColumnOrigin(input, i);
      if (origin != null && !origin.isDerived()) {
        SheafTable table = origin.getOriginTable().unwrap(SheafTable.class);
        if (table != null) {
          sheafType = table.columns().get(origin.getOriginColumnOrdinal()).type();
        }
      }
      if (!KINDS.contains(sheafType.kind())) {
        return null;
      }
      columns.add(new ResultColumn("c" + i, sheafType, type.isNullable()));
    }
    return columns;
  }

  private static Supplier<Accumulator> function(AggregateCall call, List<ResultColumn> columns) {
    if (call.isDistinct()
        || call.filterArg >= 0
        || !call.collation.getFieldCollations().isEmpty()
        || call.getArgList().size() > 1) {
      return null;
    }
    int argument = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
    SqlTypeName result = call.getType().getSqlTypeName();
    SheafType type = argument < 0 ? null : columns.get(argument).type();
    return switch (call.getAggregation().getKind()) {
      case COUNT -> () -> new Accumulator.Count(argument);
      case SUM, SUM0 -> {
        boolean zero = call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.SUM0;
        if (type == null) {
          yield null;
        }
        yield switch (type.kind()) {
          case INTEGER, BIGINT ->
              result == SqlTypeName.BIGINT
                  ? () -> new Accumulator.LongSum(argument, zero, call.toString())
                  : null;
          case REAL, DOUBLE ->
              result == SqlTypeName.DOUBLE || result == SqlTypeName.REAL
                  ? () -> new Accumulator.DoubleSum(argument, zero, result == SqlTypeName.REAL)
                  : null;
          case DECIMAL ->
              result == SqlTypeName.DECIMAL
                  ? () -> new Accumulator.DecimalSum(argument, zero, call.getType().getScale())
                  : null;
          default -> null;
        };
      }
      case MIN, MAX -> {
        if (type == null) {
          yield null;
        }
        boolean max = call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.MAX;
        yield () -> new Accumulator.Extreme(argument, max, type);
      }
      default -> null;
    };
  }

  private static boolean hasParameters(RelNode node) {
    boolean[] found = {false};
    RexShuttle finder =
        new RexShuttle() {
          @Override
          public RexNode visitDynamicParam(RexDynamicParam param) {
            found[0] = true;
            return param;
          }
        };
    node.accept(finder);
    if (node instanceof Bindables.BindableTableScan scan) {
      scan.filters.forEach(filter -> filter.accept(finder));
    }
    for (RelNode input : node.getInputs()) {
      found[0] |= hasParameters(input);
    }
    return found[0];
  }
}
