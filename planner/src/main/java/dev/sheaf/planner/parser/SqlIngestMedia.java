package dev.sheaf.planner.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code INGEST MEDIA FROM 'source' TO 'destination' [INTO TABLE t (column)]}: starts (or resumes)
 * a media migration as a background job and answers its job id.
 */
public final class SqlIngestMedia extends SqlCall {
  public final SqlNode source;
  public final SqlNode destination;

  /** The registering table, or null. */
  public final SqlIdentifier table;

  /** The media column of {@link #table}, or null. */
  public final SqlIdentifier column;

  public SqlIngestMedia(
      SqlParserPos pos,
      SqlNode source,
      SqlNode destination,
      SqlIdentifier table,
      SqlIdentifier column) {
    super(pos);
    this.source = Objects.requireNonNull(source, "source is null");
    this.destination = Objects.requireNonNull(destination, "destination is null");
    this.table = table;
    this.column = column;
  }

  public String sourceText() {
    return ((SqlLiteral) source).getValueAs(String.class);
  }

  public String destinationText() {
    return ((SqlLiteral) destination).getValueAs(String.class);
  }

  @Override
  public SqlOperator getOperator() {
    return SheafDdlOperator.INGEST_MEDIA;
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>(List.of(source, destination));
    if (table != null) {
      operands.add(table);
      operands.add(column);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("INGEST MEDIA FROM");
    source.unparse(writer, leftPrec, rightPrec);
    writer.keyword("TO");
    destination.unparse(writer, leftPrec, rightPrec);
    if (table != null) {
      writer.keyword("INTO TABLE");
      table.unparse(writer, leftPrec, rightPrec);
      SqlWriter.Frame frame = writer.startList("(", ")");
      column.unparse(writer, 0, 0);
      writer.endList(frame);
    }
  }
}
