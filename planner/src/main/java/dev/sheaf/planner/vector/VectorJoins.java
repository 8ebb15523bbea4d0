package dev.sheaf.planner.vector;

import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.schema.SheafTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.iceberg.Snapshot;

/**
 * Turns an equi-join of two vectorized scans into a {@link VectorHashJoin}: INNER, LEFT and RIGHT
 * joins whose condition is one or more {@code left.a = right.b} of columns of the same type. The
 * sorts Calcite put under a merge join are dropped (a hash join needs none). An inner join builds
 * its hash table from the table with fewer rows; an outer join from the side whose rows may go
 * unmatched.
 */
final class VectorJoins {
  private VectorJoins() {}

  /** The join as an Arrow hash join, or null when its shape or types do not fit. */
  static RelNode hashJoin(Join join, BufferAllocator allocator) {
    JoinRelType type = join.getJoinType();
    if (type != JoinRelType.INNER && type != JoinRelType.LEFT && type != JoinRelType.RIGHT) {
      return null;
    }
    RelNode leftInput = unsorted(join.getLeft());
    RelNode rightInput = unsorted(join.getRight());
    VectorOperators.ScanInput left = VectorOperators.ScanInput.of(leftInput);
    VectorOperators.ScanInput right =
        left == null ? null : VectorOperators.ScanInput.of(rightInput);
    if (right == null) {
      return null;
    }
    int leftCount = left.columns().size();
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
      if (!(conjunct instanceof RexCall call)
          || call.getKind() != SqlKind.EQUALS
          || !(call.getOperands().get(0) instanceof RexInputRef a)
          || !(call.getOperands().get(1) instanceof RexInputRef b)) {
        return null;
      }
      int first = Math.min(a.getIndex(), b.getIndex());
      int second = Math.max(a.getIndex(), b.getIndex());
      if (first >= leftCount || second < leftCount) {
        return null; // both columns from one side: a filter, not a key
      }
      ResultColumn leftKey = left.columns().get(first);
      ResultColumn rightKey = right.columns().get(second - leftCount);
      if (!leftKey.type().equals(rightKey.type())) {
        return null; // the key bytes of different types would not compare as SQL compares
      }
      leftKeys.add(first);
      rightKeys.add(second - leftCount);
    }
    if (leftKeys.isEmpty()) {
      return null;
    }
    boolean buildIsLeft =
        switch (type) {
          case LEFT -> false;
          case RIGHT -> true;
          default -> records(left.plan().table()) < records(right.plan().table());
        };
    VectorHashJoin.Side leftSide =
        new VectorHashJoin.Side(left.plan(), left.columns(), toArray(leftKeys));
    VectorHashJoin.Side rightSide =
        new VectorHashJoin.Side(right.plan(), right.columns(), toArray(rightKeys));
    List<Object[]> terms = new ArrayList<>();
    terms.add(new Object[] {"condition", join.getCondition()});
    terms.add(new Object[] {"joinType", type.lowerName});
    terms.add(new Object[] {"build", buildIsLeft ? "left" : "right"});
    return new VectorOperatorRel(
        "SheafVectorHashJoin",
        join,
        terms,
        List.of(leftInput, rightInput),
        new VectorHashJoin(
            allocator,
            buildIsLeft ? leftSide : rightSide,
            buildIsLeft ? rightSide : leftSide,
            buildIsLeft,
            type != JoinRelType.INNER));
  }

  /** The input without the full sort a merge join put on it. */
  private static RelNode unsorted(RelNode input) {
    if (input instanceof Sort sort && sort.fetch == null && sort.offset == null) {
      return sort.getInput();
    }
    return input;
  }

  /** The rows of the table's snapshot, as its summary counts them (deletes not subtracted). */
  private static long records(SheafTable table) {
    Snapshot snapshot = table.snapshot();
    if (snapshot == null || snapshot.summary() == null) {
      return 0;
    }
    String records = snapshot.summary().get("total-records");
    try {
      return records == null ? Long.MAX_VALUE : Long.parseLong(records);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static int[] toArray(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}
