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
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Where Calcite's plan had an aggregate over a table scan, the same aggregate run on Arrow batches
 * ({@link VectorAggregation}). It is a leaf of the plan: the scan, its filters and projections are
 * part of it, and EXPLAIN prints them beneath it. The nodes above it stay on Calcite's row engine.
 */
final class VectorAggregateRel extends AbstractRelNode implements EnumerableRel {
  private final Aggregate aggregate;
  private final VectorAggregation aggregation;

  VectorAggregateRel(Aggregate aggregate, VectorAggregation aggregation) {
    super(aggregate.getCluster(), aggregate.getTraitSet());
    this.aggregate = aggregate;
    this.aggregation = aggregation;
    this.rowType = aggregate.getRowType();
  }

  @Override
  protected RelDataType deriveRowType() {
    return aggregate.getRowType();
  }

  @Override
  public String getRelTypeName() {
    return "SheafVectorAggregate";
  }

  /** The scan it reads, shown by EXPLAIN; it runs as part of this node, not as Calcite's. */
  @Override
  public List<RelNode> getInputs() {
    return List.of(aggregate.getInput());
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelWriter explainTerms(RelWriter writer) {
    return super.explainTerms(writer)
        .input("input", aggregate.getInput())
        .item("group", aggregate.getGroupSet())
        .item("calls", aggregate.getAggCallList())
        .item("on", "Arrow vectors");
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer prefer) {
    PhysType physType =
        PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
    Expression aggregationRef = implementor.stash(aggregation, VectorAggregation.class);
    Expression rows = Expressions.call(aggregationRef, "rows", implementor.getRootExpression());
    return implementor.result(physType, Blocks.toBlock(rows));
  }
}
