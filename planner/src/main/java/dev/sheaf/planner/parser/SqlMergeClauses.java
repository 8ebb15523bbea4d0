package dev.sheaf.planner.parser;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Builds Calcite's {@link SqlMerge} (one WHEN MATCHED UPDATE, one WHEN NOT MATCHED INSERT, no
 * conditions) from MERGE's clauses in full: several WHEN MATCHED clauses with {@code AND}
 * conditions, {@code THEN DELETE}, and a WHEN NOT MATCHED clause with a condition.
 *
 * <p>A statement Calcite's form covers is passed through as it is. Any other sets the target's
 * hidden {@code _rowid} column as its action marker (the target is the table's {@code "t+rowid"}
 * view, see StatementRewriter), which the writer reads and never writes:
 *
 * <ul>
 *   <li>the matched part becomes one UPDATE whose {@code _rowid} is {@link #NOTHING}, {@link
 *       #UPDATE} or {@link #DELETE}, from the first clause whose condition holds, and whose every
 *       column set by some clause takes that clause's value ({@code CASE WHEN c1 THEN v1 WHEN c2
 *       THEN t.col ... ELSE t.col END});
 *   <li>the insert sets {@code _rowid} to NULL when its condition holds, else to {@link #NOTHING}
 *       (the row is skipped).
 * </ul>
 */
public final class SqlMergeClauses {
  /** The marker of a row no clause applies to. */
  public static final int NOTHING = 0;

  public static final int UPDATE = 1;
  public static final int DELETE = 2;

  /** One WHEN clause. */
  public record Clause(
      SqlParserPos pos,
      Kind kind,
      SqlNode condition,
      SqlNodeList columns,
      SqlNodeList values,
      SqlNode row) {
    public Clause {
      requireNonNull(pos, "pos is null");
      requireNonNull(kind, "kind is null");
    }

    public static Clause update(
        SqlParserPos pos, SqlNode condition, SqlNodeList columns, SqlNodeList values) {
      return new Clause(pos, Kind.UPDATE, condition, columns, values, null);
    }

    public static Clause delete(SqlParserPos pos, SqlNode condition) {
      return new Clause(pos, Kind.DELETE, condition, null, null, null);
    }

    public static Clause insert(
        SqlParserPos pos, SqlNode condition, SqlNodeList columns, SqlNode row) {
      return new Clause(pos, Kind.INSERT, condition, columns, null, row);
    }
  }

  /** What a clause does. */
  public enum Kind {
    UPDATE,
    DELETE,
    INSERT
  }

  private SqlMergeClauses() {}

  public static SqlMerge merge(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlIdentifier alias,
      SqlNode source,
      SqlNode condition,
      List<Clause> clauses) {
    List<Clause> matched = clauses.stream().filter(c -> c.kind() != Kind.INSERT).toList();
    List<Clause> notMatched = clauses.stream().filter(c -> c.kind() == Kind.INSERT).toList();
    if (notMatched.size() > 1) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot merge into %s: more than one WHEN NOT MATCHED clause (combine them into one"
              + " INSERT with CASE expressions)",
          table);
    }
    for (Clause clause : clauses) {
      SqlNodeList columns = clause.columns();
      for (int i = 0; columns != null && i < columns.size(); i++) {
        if (name(columns.get(i)).equals(IcebergSchemas.ROWID)) {
          throw SheafException.of(
              ErrorCode.INVALID_QUERY,
              "Cannot merge into %s: row ids (_rowid) are assigned by Sheaf",
              table);
        }
      }
    }
    boolean plain =
        matched.size() <= 1
            && clauses.stream().allMatch(c -> c.condition() == null)
            && matched.stream().allMatch(c -> c.kind() == Kind.UPDATE);
    Clause insert = notMatched.isEmpty() ? null : notMatched.get(0);
    if (plain) {
      return new SqlMerge(
          pos,
          table,
          condition,
          source,
          matched.isEmpty() ? null : plainUpdate(table, alias, matched.get(0)),
          insert == null ? null : insertCall(table, insert, null),
          null,
          alias);
    }
    SqlIdentifier target =
        alias != null ? alias : new SqlIdentifier(table.names.get(table.names.size() - 1), pos);
    return new SqlMerge(
        pos,
        table,
        condition,
        source,
        matched.isEmpty() ? null : markedUpdate(pos, table, alias, target, matched),
        insert == null ? null : insertCall(table, insert, insert.condition()),
        null,
        alias);
  }

  private static SqlUpdate plainUpdate(SqlIdentifier table, SqlIdentifier alias, Clause clause) {
    return new SqlUpdate(clause.pos(), table, clause.columns(), clause.values(), null, null, alias);
  }

  private static SqlUpdate markedUpdate(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlIdentifier alias,
      SqlIdentifier target,
      List<Clause> matched) {
    // every column some clause sets, in the order first set
    Map<String, SqlNode> columns = new LinkedHashMap<>();
    for (Clause clause : matched) {
      for (int i = 0; clause.kind() == Kind.UPDATE && i < clause.columns().size(); i++) {
        columns.putIfAbsent(name(clause.columns().get(i)), clause.columns().get(i));
      }
    }
    SqlNodeList targetColumns = new SqlNodeList(pos);
    SqlNodeList values = new SqlNodeList(pos);
    for (Map.Entry<String, SqlNode> column : columns.entrySet()) {
      SqlNode current = new SqlIdentifier(List.of(target.getSimple(), column.getKey()), pos);
      SqlNodeList whens = new SqlNodeList(pos);
      SqlNodeList thens = new SqlNodeList(pos);
      for (Clause clause : matched) {
        whens.add(condition(clause, pos));
        thens.add(valueOf(clause, column.getKey(), current));
      }
      targetColumns.add(column.getValue());
      values.add(new SqlCase(pos, null, whens, thens, current));
    }
    SqlNodeList whens = new SqlNodeList(pos);
    SqlNodeList thens = new SqlNodeList(pos);
    for (Clause clause : matched) {
      whens.add(condition(clause, pos));
      thens.add(number(clause.kind() == Kind.DELETE ? DELETE : UPDATE, pos));
    }
    targetColumns.add(new SqlIdentifier(IcebergSchemas.ROWID, pos));
    values.add(new SqlCase(pos, null, whens, thens, number(NOTHING, pos)));
    return new SqlUpdate(pos, table, targetColumns, values, null, null, alias);
  }

  private static SqlNode valueOf(Clause clause, String column, SqlNode current) {
    for (int i = 0; clause.kind() == Kind.UPDATE && i < clause.columns().size(); i++) {
      if (name(clause.columns().get(i)).equals(column)) {
        return clause.values().get(i);
      }
    }
    return current;
  }

  /** Calcite's WHEN NOT MATCHED INSERT; with a condition, {@code _rowid} marks rows to skip. */
  private static SqlInsert insertCall(SqlIdentifier table, Clause clause, SqlNode when) {
    SqlParserPos pos = clause.pos();
    SqlNode row = clause.row();
    SqlNodeList columns = clause.columns();
    if (when != null) {
      if (columns == null) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot merge into %s: WHEN NOT MATCHED AND <condition> THEN INSERT needs its column"
                + " list (INSERT (a, b) VALUES (...))",
            table);
      }
      columns = SqlNodeList.of(pos, new ArrayList<>(columns.getList()));
      columns.add(new SqlIdentifier(IcebergSchemas.ROWID, pos));
      SqlNode skip =
          new SqlCase(
              pos,
              null,
              SqlNodeList.of(when),
              SqlNodeList.of(
                  SqlStdOperatorTable.CAST.createCall(
                      pos,
                      SqlLiteral.createNull(pos),
                      new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos), pos))),
              number(NOTHING, pos));
      List<SqlNode> operands = new ArrayList<>(((SqlCall) row).getOperandList());
      operands.add(skip);
      row = new SqlBasicCall(((SqlCall) row).getOperator(), operands, row.getParserPosition());
    }
    return new SqlInsert(
        pos, SqlNodeList.EMPTY, table, SqlStdOperatorTable.VALUES.createCall(pos, row), columns);
  }

  private static SqlNode condition(Clause clause, SqlParserPos pos) {
    return clause.condition() != null ? clause.condition() : SqlLiteral.createBoolean(true, pos);
  }

  private static SqlNode number(int value, SqlParserPos pos) {
    return SqlLiteral.createExactNumeric(Integer.toString(value), pos);
  }

  private static String name(SqlNode column) {
    SqlIdentifier identifier = (SqlIdentifier) column;
    return identifier.names.get(identifier.names.size() - 1);
  }
}
