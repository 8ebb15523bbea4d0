package dev.sheaf.planner.exec;

import dev.sheaf.planner.schema.SheafTable;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Refuses a statement that sets a computed column (or its error column) itself: INSERT naming it,
 * INSERT without a column list giving it a value, UPDATE or MERGE setting it. Sheaf computes those
 * cells.
 */
final class ComputedWriteCheck {
  private ComputedWriteCheck() {}

  /** Every computed column of the table (STORED and VIRTUAL) and its error column. */
  static Set<String> computedColumns(org.apache.iceberg.Table table) {
    Set<String> names = new java.util.LinkedHashSet<>();
    for (dev.sheaf.catalog.computed.ComputedColumn column :
        dev.sheaf.catalog.computed.ComputedColumns.of(table)) {
      names.add(column.name());
      names.add(column.errorColumn());
    }
    return names;
  }

  static void refuseExplicit(
      SheafTable table, Set<String> computed, SqlNode validated, TableModify modify) {
    List<String> named = new ArrayList<>();
    if (modify.getUpdateColumnList() != null) {
      named.addAll(modify.getUpdateColumnList());
    }
    if (validated instanceof SqlInsert insert) {
      named.addAll(names(insert.getTargetColumnList()));
    }
    if (validated instanceof SqlMerge merge && merge.getInsertCall() != null) {
      named.addAll(names(merge.getInsertCall().getTargetColumnList()));
    }
    for (String name : named) {
      if (computed.contains(name)) {
        throw refusal(table, name);
      }
    }
    if (modify.getOperation() == TableModify.Operation.INSERT) {
      List<SheafColumn> columns = table.columns();
      for (int i = 0; i < columns.size(); i++) {
        if (computed.contains(columns.get(i).name()) && givesValue(modify.getInput(), i)) {
          throw refusal(table, columns.get(i).name());
        }
      }
    }
  }

  private static SheafException refusal(SheafTable table, String column) {
    return SheafException.of(
        ErrorCode.INVALID_QUERY,
        "Cannot write column '%s' of table %s: it is computed (leave it out; Sheaf computes it)",
        column,
        table.name().table());
  }

  private static List<String> names(SqlNodeList columns) {
    List<String> names = new ArrayList<>();
    if (columns != null) {
      for (SqlNode node : columns) {
        if (node instanceof SqlIdentifier identifier) {
          names.add(identifier.names.get(identifier.names.size() - 1));
        }
      }
    }
    return names;
  }

  /** Whether the insert's input gives field {@code field} anything but NULL. */
  private static boolean givesValue(RelNode input, int field) {
    if (input instanceof Project project) {
      return !isNull(project.getProjects().get(field));
    }
    if (input instanceof Values values) {
      return values.getTuples().stream().anyMatch(tuple -> !isNull(tuple.get(field)));
    }
    return true;
  }

  private static boolean isNull(RexNode node) {
    RexNode inner = node;
    while (inner.getKind() == SqlKind.CAST) {
      inner = ((RexCall) inner).getOperands().get(0);
    }
    return inner instanceof RexLiteral literal && literal.isNull();
  }
}
