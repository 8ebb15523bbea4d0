package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER TABLE t ADD [COLUMN] c type | ADD [COLUMN] c AS (expr) [STORED] | DROP [COLUMN] c |
 * RENAME [COLUMN] a TO b | RENAME TO name | ALTER [COLUMN] c [SET DATA] TYPE type | EXPIRE VERSIONS
 * OLDER THAN timestamp | SET ('key' = 'value', ...)}.
 */
public final class SqlAlterTable extends SqlCall {
  /** What the statement changes. */
  public enum Action {
    ADD_COLUMN,
    ADD_COMPUTED,
    DROP_COLUMN,
    RENAME_COLUMN,
    RENAME_TABLE,
    ALTER_COLUMN_TYPE,
    EXPIRE_VERSIONS,
    SET_PROPERTIES,
    RECOMPUTE
  }

  public final Action action;
  public final SqlIdentifier table;
  public final SqlColumnDeclaration column;
  public final SqlIdentifier name;
  public final SqlIdentifier newName;
  public final SqlNode olderThan;

  /** For SET_PROPERTIES: string literals, key then value, for each property. */
  public final SqlNodeList properties;

  /** For ADD_COMPUTED: the expression, whether it is VIRTUAL, and whether ON ERROR ABORT. */
  public final SqlNode expression;

  public final boolean virtual;
  public final boolean abortOnError;

  /** For ADD_COMPUTED: the parentheses around the expression, to keep its text as written. */
  public final SqlParserPos open;

  public final SqlParserPos close;

  private SqlAlterTable(
      SqlParserPos pos,
      Action action,
      SqlIdentifier table,
      SqlColumnDeclaration column,
      SqlIdentifier name,
      SqlIdentifier newName,
      SqlNode olderThan,
      SqlNodeList properties) {
    this(
        pos,
        action,
        table,
        column,
        name,
        newName,
        olderThan,
        properties,
        null,
        null,
        null,
        false,
        false);
  }

  private SqlAlterTable(
      SqlParserPos pos,
      Action action,
      SqlIdentifier table,
      SqlColumnDeclaration column,
      SqlIdentifier name,
      SqlIdentifier newName,
      SqlNode olderThan,
      SqlNodeList properties,
      SqlNode expression,
      SqlParserPos open,
      SqlParserPos close,
      boolean virtual,
      boolean abortOnError) {
    super(pos);
    this.expression = expression;
    this.open = open;
    this.close = close;
    this.virtual = virtual;
    this.abortOnError = abortOnError;
    this.properties = properties;
    this.action = Objects.requireNonNull(action, "action is null");
    this.table = Objects.requireNonNull(table, "table is null");
    this.column = column;
    this.name = name;
    this.newName = newName;
    this.olderThan = olderThan;
  }

  public static SqlAlterTable addColumn(
      SqlParserPos pos, SqlIdentifier table, SqlColumnDeclaration column) {
    return new SqlAlterTable(pos, Action.ADD_COLUMN, table, column, null, null, null, null);
  }

  /** {@code ALTER TABLE t ADD [COLUMN] c AS (expression) [STORED | VIRTUAL] [ON ERROR ...]}. */
  public static SqlAlterTable addComputed(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlIdentifier name,
      SqlNode expression,
      SqlParserPos open,
      SqlParserPos close,
      boolean virtual,
      boolean abortOnError) {
    return new SqlAlterTable(
        pos,
        Action.ADD_COMPUTED,
        table,
        null,
        name,
        null,
        null,
        null,
        Objects.requireNonNull(expression, "expression is null"),
        Objects.requireNonNull(open, "open is null"),
        Objects.requireNonNull(close, "close is null"),
        virtual,
        abortOnError);
  }

  public static SqlAlterTable dropColumn(
      SqlParserPos pos, SqlIdentifier table, SqlIdentifier name) {
    return new SqlAlterTable(pos, Action.DROP_COLUMN, table, null, name, null, null, null);
  }

  public static SqlAlterTable renameColumn(
      SqlParserPos pos, SqlIdentifier table, SqlIdentifier name, SqlIdentifier newName) {
    return new SqlAlterTable(pos, Action.RENAME_COLUMN, table, null, name, newName, null, null);
  }

  public static SqlAlterTable renameTable(
      SqlParserPos pos, SqlIdentifier table, SqlIdentifier newName) {
    return new SqlAlterTable(pos, Action.RENAME_TABLE, table, null, null, newName, null, null);
  }

  /** {@code ALTER COLUMN c TYPE t}: the column's name and new type, as a declaration. */
  public static SqlAlterTable alterColumnType(
      SqlParserPos pos, SqlIdentifier table, SqlColumnDeclaration column) {
    return new SqlAlterTable(pos, Action.ALTER_COLUMN_TYPE, table, column, null, null, null, null);
  }

  public static SqlAlterTable expireVersions(
      SqlParserPos pos, SqlIdentifier table, SqlNode olderThan) {
    return new SqlAlterTable(pos, Action.EXPIRE_VERSIONS, table, null, null, null, olderThan, null);
  }

  /**
   * {@code ALTER TABLE t RECOMPUTE c [WHERE condition] [ERRORS ONLY]}: the condition is {@link
   * #expression} (null: every row), ERRORS ONLY is {@link #abortOnError}'s slot, read through
   * {@link #errorsOnly}.
   */
  public static SqlAlterTable recompute(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlIdentifier column,
      SqlNode condition,
      boolean errorsOnly) {
    return new SqlAlterTable(
        pos,
        Action.RECOMPUTE,
        table,
        null,
        column,
        null,
        null,
        null,
        condition,
        null,
        null,
        false,
        errorsOnly);
  }

  /** For RECOMPUTE: only the rows whose cell of the column holds an error. */
  public boolean errorsOnly() {
    return action == Action.RECOMPUTE && abortOnError;
  }

  /** {@code ALTER TABLE t SET ('key' = 'value', ...)}. */
  public static SqlAlterTable setProperties(
      SqlParserPos pos, SqlIdentifier table, SqlNodeList properties) {
    return new SqlAlterTable(pos, Action.SET_PROPERTIES, table, null, null, null, null, properties);
  }

  /** The text of the computed expression as written, from the statement's text. */
  public String expressionText(String sql) {
    return sql.substring(offset(sql, open) + 1, offset(sql, close)).trim();
  }

  private static int offset(String sql, SqlParserPos pos) {
    int offset = 0;
    for (int line = 1; line < pos.getLineNum(); line++) {
      offset = sql.indexOf('\n', offset) + 1;
    }
    return offset + pos.getColumnNum() - 1;
  }

  @Override
  public SqlOperator getOperator() {
    return SheafDdlOperator.ALTER_TABLE;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(table);
    for (SqlNode node : new SqlNode[] {column, name, newName, olderThan, properties}) {
      if (node != null) {
        operands.add(node);
      }
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER TABLE");
    table.unparse(writer, 0, 0);
    writer.keyword(action.name().replace('_', ' '));
  }
}
