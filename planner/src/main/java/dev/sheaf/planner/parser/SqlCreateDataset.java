package dev.sheaf.planner.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE DATASET [IF NOT EXISTS] d (t1, schema.t2, ...)}. */
public final class SqlCreateDataset extends SqlCreate {
  public final SqlIdentifier name;
  public final SqlNodeList tables;

  public SqlCreateDataset(
      SqlParserPos pos, boolean ifNotExists, SqlIdentifier name, SqlNodeList tables) {
    super(SheafDdlOperator.CREATE_DATASET, pos, false, ifNotExists);
    this.name = name;
    this.tables = tables;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, tables);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE DATASET");
    name.unparse(writer, 0, 0);
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode table : tables) {
      writer.sep(",");
      table.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
