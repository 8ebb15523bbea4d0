package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE MODEL [IF NOT EXISTS] name FROM 'uri' [WITH (key = value, ...)]}: the options are
 * pairs of a name and a literal ({@code task = 'text_embedding'}, {@code max_length = 128}).
 */
public final class SqlCreateModel extends SqlCreate {
  public final SqlIdentifier name;
  public final SqlNode source;
  public final List<SqlIdentifier> optionNames;
  public final List<SqlNode> optionValues;

  public SqlCreateModel(
      SqlParserPos pos,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNode source,
      List<SqlIdentifier> optionNames,
      List<SqlNode> optionValues) {
    super(SheafDdlOperator.CREATE_MODEL, pos, false, ifNotExists);
    this.name = name;
    this.source = source;
    this.optionNames = List.copyOf(optionNames);
    this.optionValues = List.copyOf(optionValues);
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>();
    operands.add(name);
    operands.add(source);
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE MODEL");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("FROM");
    source.unparse(writer, leftPrec, rightPrec);
    if (!optionNames.isEmpty()) {
      writer.keyword("WITH");
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (int i = 0; i < optionNames.size(); i++) {
        writer.sep(",");
        optionNames.get(i).unparse(writer, 0, 0);
        writer.keyword("=");
        optionValues.get(i).unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
  }
}
