package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] name (column, ..., [PRIMARY KEY (a, b)]) [AS query]}, or
 * {@code CREATE TABLE name AS query} without a column list. Computed columns of the list ({@code c
 * AS (expr) STORED}) are kept as the {@link SqlAlterTable}s that add them once the table exists.
 */
public final class SqlCreateTable extends SqlCreate {
  public final SqlIdentifier name;
  public final SqlNodeList columns;
  public final SqlNodeList primaryKey;
  public final SqlNodeList computed;
  public final SqlNode query;

  public SqlCreateTable(
      SqlParserPos pos,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNodeList columns,
      SqlNodeList primaryKey,
      SqlNodeList computed,
      SqlNode query) {
    super(SheafDdlOperator.CREATE_TABLE, pos, false, ifNotExists);
    this.name = name;
    this.columns = columns;
    this.primaryKey = primaryKey;
    this.computed = computed;
    this.query = query;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>(List.of(name, columns, primaryKey, computed));
    if (query != null) {
      operands.add(query);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (!columns.isEmpty()) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (SqlNode column : columns) {
        writer.sep(",");
        column.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    if (query != null) {
      writer.keyword("AS");
      query.unparse(writer, 0, 0);
    }
  }
}
