package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The statements about datasets and versions that return rows: {@code COMMIT DATASET d [TAG 't']
 * [MESSAGE 'm']}, {@code DESCRIBE DATASET d [VERSION v]}, {@code MERGE BRANCH b INTO main ON
 * DATASET d | ON [TABLE] t}, and {@code DIFF DATASET d | TABLE t FROM v1 [TO v2]}.
 */
public final class SqlDatasetStatement extends SqlCall {
  /** Which statement. */
  public enum Action {
    COMMIT,
    DESCRIBE,
    MERGE_BRANCH,
    DIFF
  }

  public final Action action;

  /** The dataset, or for MERGE BRANCH and DIFF on a table, the table. */
  public final SqlIdentifier target;

  /** Whether {@link #target} names a dataset (else a table). */
  public final boolean dataset;

  /** COMMIT: the tag; DESCRIBE: the version; MERGE BRANCH: the branch; DIFF: the older version. */
  public final SqlNode first;

  /** COMMIT: the message; MERGE BRANCH: the branch merged into; DIFF: the newer version. */
  public final SqlNode second;

  public SqlDatasetStatement(
      SqlParserPos pos,
      Action action,
      SqlIdentifier target,
      boolean dataset,
      SqlNode first,
      SqlNode second) {
    super(pos);
    this.action = Objects.requireNonNull(action, "action is null");
    this.target = Objects.requireNonNull(target, "target is null");
    this.dataset = dataset;
    this.first = first;
    this.second = second;
  }

  /** A string literal operand's text, an identifier's name, or null when absent. */
  public static String text(SqlNode node) {
    if (node == null) {
      return null;
    }
    if (node instanceof SqlIdentifier identifier) {
      return identifier.getSimple();
    }
    return ((SqlLiteral) node).getValueAs(String.class);
  }

  @Override
  public SqlOperator getOperator() {
    return SheafDdlOperator.DATASET_STATEMENT;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(target);
    if (first != null) {
      operands.add(first);
    }
    if (second != null) {
      operands.add(second);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(action.name().replace('_', ' '));
    writer.keyword(dataset ? "DATASET" : "TABLE");
    target.unparse(writer, 0, 0);
    if (first != null) {
      first.unparse(writer, 0, 0);
    }
    if (second != null) {
      second.unparse(writer, 0, 0);
    }
  }
}
