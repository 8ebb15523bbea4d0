package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE SOURCE [IF NOT EXISTS] name FROM 'uri' [TABLE t] [CREDENTIALS 'profile']}: a place
 * SYNC TABLE reads rows from. The profile names credentials the server holds; the statement never
 * carries a secret.
 */
public final class SqlCreateSource extends SqlCreate {
  public final SqlIdentifier name;
  public final SqlNode uri;
  public final SqlIdentifier table;
  public final SqlNode credentials;

  public SqlCreateSource(
      SqlParserPos pos,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNode uri,
      SqlIdentifier table,
      SqlNode credentials) {
    super(SheafDdlOperator.CREATE_SOURCE, pos, false, ifNotExists);
    this.name = name;
    this.uri = uri;
    this.table = table;
    this.credentials = credentials;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(name);
    operands.add(uri);
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE SOURCE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("FROM");
    uri.unparse(writer, leftPrec, rightPrec);
    if (table != null) {
      writer.keyword("TABLE");
      table.unparse(writer, leftPrec, rightPrec);
    }
    if (credentials != null) {
      writer.keyword("CREDENTIALS");
      credentials.unparse(writer, leftPrec, rightPrec);
    }
  }
}
