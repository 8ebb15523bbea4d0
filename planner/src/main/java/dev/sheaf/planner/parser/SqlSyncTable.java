package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SYNC TABLE t FROM SOURCE s KEY (c, ...) [CURSOR c] [DELETE MISSING]}: upserts the rows of
 * a source into a table by key, as one new version of the table.
 */
public final class SqlSyncTable extends SqlCall {
  public final SqlIdentifier table;
  public final SqlIdentifier source;
  public final List<SqlIdentifier> keys;
  public final SqlIdentifier cursor;
  public final boolean deleteMissing;

  public SqlSyncTable(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlIdentifier source,
      List<SqlIdentifier> keys,
      SqlIdentifier cursor,
      boolean deleteMissing) {
    super(pos);
    this.table = table;
    this.source = source;
    this.keys = List.copyOf(keys);
    this.cursor = cursor;
    this.deleteMissing = deleteMissing;
  }

  /** The key columns' names. */
  public List<String> keyNames() {
    return keys.stream().map(SqlIdentifier::getSimple).toList();
  }

  @Override
  public SqlOperator getOperator() {
    return SheafDdlOperator.SYNC_TABLE;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(table);
    operands.add(source);
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SYNC TABLE");
    table.unparse(writer, leftPrec, rightPrec);
    writer.keyword("FROM SOURCE");
    source.unparse(writer, leftPrec, rightPrec);
    writer.keyword("KEY");
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlIdentifier key : keys) {
      writer.sep(",");
      key.unparse(writer, 0, 0);
    }
    writer.endList(frame);
    if (cursor != null) {
      writer.keyword("CURSOR");
      cursor.unparse(writer, leftPrec, rightPrec);
    }
    if (deleteMissing) {
      writer.keyword("DELETE MISSING");
    }
  }
}
