package dev.sheaf.planner.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE INDEX [IF NOT EXISTS] name ON table USING method (column) [WITH (key = literal,
 * ...)]}; {@code options} alternates keys (identifiers) and values (literals).
 */
public final class SqlCreateIndex extends SqlCreate {
  public final SqlIdentifier name;
  public final SqlIdentifier table;
  public final SqlIdentifier method;
  public final SqlIdentifier column;
  public final SqlNodeList options;

  public SqlCreateIndex(
      SqlParserPos pos,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlIdentifier table,
      SqlIdentifier method,
      SqlIdentifier column,
      SqlNodeList options) {
    super(SheafDdlOperator.CREATE_INDEX, pos, false, ifNotExists);
    this.name = name;
    this.table = table;
    this.method = method;
    this.column = column;
    this.options = options;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, table, method, column, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE INDEX");
    name.unparse(writer, 0, 0);
    writer.keyword("ON");
    table.unparse(writer, 0, 0);
    writer.keyword("USING");
    method.unparse(writer, 0, 0);
    writer.print("(" + column.getSimple() + ")");
  }
}
