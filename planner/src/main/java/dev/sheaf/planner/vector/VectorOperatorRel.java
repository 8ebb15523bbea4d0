package dev.sheaf.planner.vector;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Where Calcite's plan had an aggregate, a top-N or a join over table scans, the same operator run
 * on Arrow batches ({@link ArrowOperator}). It is a leaf of the plan: the scan, its filters and
 * projections are part of it, and EXPLAIN prints them beneath it as its input. The nodes above it
 * stay on Calcite's row engine and read its rows.
 */
final class VectorOperatorRel extends AbstractRelNode implements EnumerableRel {
  private final String name;
  private final List<Object[]> terms;
  private final List<RelNode> inputs;
  private final ArrowOperator operator;

  /**
   * @param replaced the Calcite node it runs in place of (row type, traits)
   * @param terms EXPLAIN's items, name and value pairs
   * @param input the scan it reads, shown by EXPLAIN
   */
  VectorOperatorRel(
      String name, RelNode replaced, List<Object[]> terms, RelNode input, ArrowOperator operator) {
    this(name, replaced, terms, List.of(input), operator);
  }

  /**
   * @param replaced the Calcite node it runs in place of (row type, traits)
   * @param terms EXPLAIN's items, name and value pairs
   * @param inputs the scans it reads, shown by EXPLAIN
   */
  VectorOperatorRel(
      String name,
      RelNode replaced,
      List<Object[]> terms,
      List<RelNode> inputs,
      ArrowOperator operator) {
    super(replaced.getCluster(), replaced.getTraitSet());
    this.name = name;
    this.terms = List.copyOf(terms);
    this.inputs = List.copyOf(inputs);
    this.operator = operator;
    this.rowType = replaced.getRowType();
  }

  ArrowOperator operator() {
    return operator;
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public String getRelTypeName() {
    return name;
  }

  /** The scans it reads, shown by EXPLAIN; they run as part of this node, not as Calcite's. */
  @Override
  public List<RelNode> getInputs() {
    return inputs;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelWriter explainTerms(RelWriter writer) {
    RelWriter result = super.explainTerms(writer);
    for (int i = 0; i < inputs.size(); i++) {
      result = result.input(inputs.size() == 1 ? "input" : "input#" + i, inputs.get(i));
    }
    for (Object[] term : terms) {
      result = result.item((String) term[0], term[1]);
    }
    return result.item("on", "Arrow vectors");
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer prefer) {
    PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
    Expression operatorRef = implementor.stash(operator, ArrowOperator.class);
    Expression rows = Expressions.call(operatorRef, "rows", implementor.getRootExpression());
    return implementor.result(physType, Blocks.toBlock(rows));
  }
}
