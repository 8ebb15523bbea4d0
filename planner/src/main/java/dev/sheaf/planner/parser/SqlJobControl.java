package dev.sheaf.planner.parser;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code PAUSE JOB 'id'}, {@code RESUME JOB 'id'}, {@code CANCEL JOB 'id'} or {@code WAIT FOR JOB
 * 'id'}.
 */
public final class SqlJobControl extends SqlCall {
  /** What the statement does to the job. */
  public enum Action {
    PAUSE,
    RESUME,
    CANCEL,
    /** Returns once the job is no longer RUNNING. */
    WAIT
  }

  public final Action action;
  public final SqlNode id;

  public SqlJobControl(SqlParserPos pos, Action action, SqlNode id) {
    super(pos);
    this.action = Objects.requireNonNull(action, "action is null");
    this.id = Objects.requireNonNull(id, "id is null");
  }

  /** The job id the statement names. */
  public String jobId() {
    return ((SqlLiteral) id).getValueAs(String.class);
  }

  @Override
  public SqlOperator getOperator() {
    return SheafDdlOperator.JOB_CONTROL;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(id);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(
        action == Action.WAIT ? "WAIT FOR JOB" : action.name().toUpperCase(Locale.ROOT) + " JOB");
    id.unparse(writer, leftPrec, rightPrec);
  }
}
