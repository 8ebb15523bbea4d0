package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A column in CREATE TABLE or ALTER TABLE ADD COLUMN: a name, a type (a Calcite type spec, or
 * {@code VECTOR(dimension)} when {@code type} is null), NOT NULL and PRIMARY KEY.
 */
public final class SqlColumnDeclaration extends SqlCall {
  public final SqlIdentifier name;
  public final SqlDataTypeSpec type;
  public final int vectorDimension;
  public final boolean notNull;
  public final boolean primaryKey;

  public SqlColumnDeclaration(
      SqlParserPos pos,
      SqlIdentifier name,
      SqlDataTypeSpec type,
      int vectorDimension,
      boolean notNull,
      boolean primaryKey) {
    super(pos);
    this.name = name;
    this.type = type;
    this.vectorDimension = vectorDimension;
    this.notNull = notNull;
    this.primaryKey = primaryKey;
  }

  @Override
  public SqlOperator getOperator() {
    return SheafDdlOperator.COLUMN_DECLARATION;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(name);
    if (type != null) {
      operands.add(type);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    name.unparse(writer, 0, 0);
    if (type != null) {
      type.unparse(writer, 0, 0);
    } else {
      writer.keyword("VECTOR(" + vectorDimension + ")");
    }
    if (primaryKey) {
      writer.keyword("PRIMARY KEY");
    } else if (notNull) {
      writer.keyword("NOT NULL");
    }
  }
}
