package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SHOW SCHEMAS}, {@code SHOW TABLES [FROM schema]}, {@code SHOW MODELS} and {@code SHOW
 * COLUMNS FROM table} (the identifier is the schema for TABLES, the table for COLUMNS).
 */
public final class SqlShow extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW", SqlKind.OTHER);

  /** What to list. */
  public enum Kind {
    SCHEMAS,
    TABLES,
    COLUMNS,
    MODELS
  }

  public final Kind kind;
  public final SqlIdentifier schema;

  public SqlShow(SqlParserPos pos, Kind kind, SqlIdentifier schema) {
    super(pos);
    this.kind = kind;
    this.schema = schema;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>();
    if (schema != null) {
      operands.add(schema);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SHOW " + kind.name());
    if (schema != null) {
      writer.keyword("FROM");
      schema.unparse(writer, 0, 0);
    }
  }
}
