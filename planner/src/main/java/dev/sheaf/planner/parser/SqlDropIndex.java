package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP INDEX [IF EXISTS] name [ON table]}; without a table, any table of the schema. */
public final class SqlDropIndex extends SqlDrop {
  public final SqlIdentifier name;
  public final SqlIdentifier table;

  public SqlDropIndex(SqlParserPos pos, boolean ifExists, SqlIdentifier name, SqlIdentifier table) {
    super(SheafDdlOperator.DROP_INDEX, pos, ifExists);
    this.name = name;
    this.table = table;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(name);
    if (table != null) {
      operands.add(table);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP INDEX");
    name.unparse(writer, 0, 0);
    if (table != null) {
      writer.keyword("ON");
      table.unparse(writer, 0, 0);
    }
  }
}
