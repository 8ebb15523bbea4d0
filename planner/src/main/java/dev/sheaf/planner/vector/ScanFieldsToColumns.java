package dev.sheaf.planner.vector;

import java.util.List;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Rewrites an expression over a projecting scan's output fields into one over the table's columns,
 * the form pushed filters have: field {@code i} becomes column {@code projects.get(i)}.
 */
final class ScanFieldsToColumns extends RexShuttle {
  private final List<Integer> projects;

  ScanFieldsToColumns(List<Integer> projects) {
    this.projects = projects;
  }

  @Override
  public RexNode visitInputRef(RexInputRef ref) {
    return new RexInputRef(projects.get(ref.getIndex()), ref.getType());
  }
}
