package dev.sheaf.planner.parser;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP DATASET [IF EXISTS] d}: forgets the dataset and its commits, not its tables. */
public final class SqlDropDataset extends SqlDrop {
  public final SqlIdentifier name;

  public SqlDropDataset(SqlParserPos pos, boolean ifExists, SqlIdentifier name) {
    super(SheafDdlOperator.DROP_DATASET, pos, ifExists);
    this.name = name;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP DATASET");
    name.unparse(writer, 0, 0);
  }
}
