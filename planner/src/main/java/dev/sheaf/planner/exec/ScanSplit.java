package dev.sheaf.planner.exec;

import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.planner.vector.VectorScanPlan;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableFilter;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableProject;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexOver;

/**
 * Whether a query on Calcite's row engine splits at its table scan: a plan of projections, filters
 * and scalar functions (media functions included) over one scan of one table. Each row of such a
 * plan depends on one row of the scan only, so reading a {@link dev.sheaf.planner.vector.RowWindow}
 * of the scan reads that window of the result, and the windows of one snapshot are disjoint and
 * cover every row. Joins, aggregates, sorts, LIMIT, window functions and set operations do not
 * split (their rows depend on other rows).
 */
final class ScanSplit {
  private ScanSplit() {}

  /** The table whose scan the plan splits at, or null when the plan does not split. */
  static SheafTable table(RelNode plan) {
    RelNode node = plan;
    while (true) {
      if (node instanceof EnumerableCalc calc) {
        if (RexOver.containsOver(calc.getProgram())) {
          return null;
        }
        node = calc.getInput();
      } else if (node instanceof EnumerableProject project) {
        if (RexOver.containsOver(project.getProjects(), null)) {
          return null;
        }
        node = project.getInput();
      } else if (node instanceof EnumerableFilter filter) {
        node = filter.getInput();
      } else if (node instanceof EnumerableInterpreter interpreter) {
        node = interpreter.getInput();
      } else if (node instanceof Bindables.BindableTableScan scan) {
        return splittable(scan.getTable().unwrap(SheafTable.class));
      } else if (node instanceof EnumerableTableScan scan) {
        return splittable(scan.getTable().unwrap(SheafTable.class));
      } else {
        return null;
      }
    }
  }

  private static SheafTable splittable(SheafTable table) {
    // a window counts rows over the table's data files, which only the vector reader reads
    return table != null && table.snapshot() != null && VectorScanPlan.readsFast(table)
        ? table
        : null;
  }
}
