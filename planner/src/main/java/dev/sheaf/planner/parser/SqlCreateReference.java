package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [OR REPLACE] TAG|BRANCH [IF NOT EXISTS] name ON table [VERSION n | 'ref']}, or
 * {@code CREATE BRANCH name ON DATASET d} (a branch of every member).
 */
public final class SqlCreateReference extends SqlCreate {
  public final SqlReferenceKind kind;
  public final SqlIdentifier name;
  public final SqlIdentifier table;
  public final SqlNode version;

  /** Whether {@link #table} names a dataset: the reference is made on every member. */
  public final boolean dataset;

  public SqlCreateReference(
      SqlParserPos pos,
      SqlReferenceKind kind,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlIdentifier table,
      SqlNode version,
      boolean dataset) {
    super(SheafDdlOperator.CREATE_REFERENCE, pos, replace, ifNotExists);
    this.dataset = dataset;
    this.kind = kind;
    this.name = name;
    this.table = table;
    this.version = version;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>(List.of(name, table));
    if (version != null) {
      operands.add(version);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getReplace() ? "CREATE OR REPLACE" : "CREATE");
    writer.keyword(kind.name());
    name.unparse(writer, 0, 0);
    writer.keyword(dataset ? "ON DATASET" : "ON");
    table.unparse(writer, 0, 0);
    if (version != null) {
      writer.keyword("VERSION");
      version.unparse(writer, 0, 0);
    }
  }
}
