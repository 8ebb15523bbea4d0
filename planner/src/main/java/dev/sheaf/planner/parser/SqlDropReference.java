package dev.sheaf.planner.parser;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP TAG|BRANCH [IF EXISTS] name ON table}. */
public final class SqlDropReference extends SqlDrop {
  public final SqlReferenceKind kind;
  public final SqlIdentifier name;
  public final SqlIdentifier table;

  public SqlDropReference(
      SqlParserPos pos,
      SqlReferenceKind kind,
      boolean ifExists,
      SqlIdentifier name,
      SqlIdentifier table) {
    super(SheafDdlOperator.DROP_REFERENCE, pos, ifExists);
    this.kind = kind;
    this.name = name;
    this.table = table;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, table);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP");
    writer.keyword(kind.name());
    name.unparse(writer, 0, 0);
    writer.keyword("ON");
    table.unparse(writer, 0, 0);
  }
}
