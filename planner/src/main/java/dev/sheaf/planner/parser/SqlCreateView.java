package dev.sheaf.planner.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name AS query [STRATIFY BY column]}. The query is
 * kept as the text the user wrote ({@link #queryText}); {@code stratum} is the column of STRATIFY
 * BY, or null.
 */
public final class SqlCreateView extends SqlCreate {
  public final SqlIdentifier name;
  public final SqlNode query;
  public final SqlIdentifier stratum;
  private final SqlParserPos as;
  private final SqlParserPos stratify;

  public SqlCreateView(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNode query,
      SqlParserPos as,
      SqlParserPos stratify,
      SqlIdentifier stratum) {
    super(SheafDdlOperator.CREATE_VIEW, pos, replace, ifNotExists);
    this.name = name;
    this.query = query;
    this.as = as;
    this.stratify = stratify;
    this.stratum = stratum;
  }

  /** The query's text as written in {@code sql}: after AS, up to STRATIFY BY or the end. */
  public String queryText(String sql) {
    int start = SqlText.offset(sql, as) + 2;
    int end = stratify == null ? sql.length() : SqlText.offset(sql, stratify);
    String text = sql.substring(start, end).trim();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).trim();
    }
    return text;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return stratum == null ? List.of(name, query) : List.of(name, query, stratum);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getReplace() ? "CREATE OR REPLACE VIEW" : "CREATE VIEW");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("AS");
    query.unparse(writer, 0, 0);
    if (stratum != null) {
      writer.keyword("STRATIFY BY");
      stratum.unparse(writer, 0, 0);
    }
  }
}
