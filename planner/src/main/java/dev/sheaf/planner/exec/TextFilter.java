package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.index.text.TextHit;
import dev.sheaf.index.text.TextSearch;
import dev.sheaf.planner.schema.TableName;
import dev.sheaf.planner.similarity.IndexDefinition;
import dev.sheaf.planner.similarity.VectorIndexes;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * {@code text_match(c, 'query')} as a filter: a conjunct of the WHERE of a one-table SELECT (no
 * text ranking in the same statement) keeps the rows whose {@code c} matches the query, unranked.
 * Before validation the FULLTEXT index on {@code c} is synced to the snapshot the statement reads
 * and searched for every matching visible row, at most {@value #MAX_ROWS}; the statement then reads
 * {@code "t@snapshot=S+rowid" AS a} with the conjunct replaced by {@code a._rowid IN (<ids>)}
 * ({@code FALSE} when none match). The rewritten statement holds one snapshot's row ids, so its
 * plan is never kept.
 */
final class TextFilter {
  /** The most rows a text_match filter may keep: the row ids become an IN list. */
  static final int MAX_ROWS = 10_000;

  private final SheafCatalog catalog;
  private final VectorIndexes indexes;

  TextFilter(SheafCatalog catalog, VectorIndexes indexes) {
    this.catalog = catalog;
    this.indexes = indexes;
  }

  /** Rewrites the statement in place; true when it did (then its plan must not be kept). */
  boolean rewrite(SqlNode statement) {
    SqlSelect select =
        statement instanceof SqlSelect s
            ? s
            : statement instanceof SqlOrderBy order && order.query instanceof SqlSelect s
                ? s
                : null;
    if (select == null || select.getWhere() == null || TopKShape.of(statement) != null) {
      return false;
    }
    List<SqlNode> conjuncts = new ArrayList<>();
    flatten(select.getWhere(), conjuncts);
    if (conjuncts.stream().noneMatch(TextFilter::isFilter)) {
      return false;
    }
    FromTable from = FromTable.of(select.getFrom());
    if (from == null) {
      return false; // a join or a subquery: text_match stays refused there
    }
    SqlIdentifier tableIdentifier = from.table();
    String alias = from.alias();
    TableResolver resolver = TableResolver.of(tableIdentifier);
    TableName name = TableName.parse(resolver.table());
    if (name.systemTable() != null || name.withRowId()) {
      return false;
    }
    Optional<Table> found = catalog.findTable(resolver.schema(), name.table());
    if (found.isEmpty()) {
      return false; // validation reports the missing table
    }
    Table table = found.get();
    Snapshot snapshot =
        name.snapshotId() != null
            ? table.snapshot(name.snapshotId())
            : name.branch() != null ? table.snapshot(name.branch()) : table.currentSnapshot();
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlIdentifier rowId = new SqlIdentifier(List.of(alias, IcebergSchemas.ROWID), pos);
    List<SqlNode> rewritten = new ArrayList<>();
    for (SqlNode conjunct : conjuncts) {
      rewritten.add(
          isFilter(conjunct)
              ? matching((SqlBasicCall) conjunct, table, snapshot, rowId)
              : conjunct);
    }
    SqlNode where = rewritten.get(0);
    for (int i = 1; i < rewritten.size(); i++) {
      where = SqlStdOperatorTable.AND.createCall(pos, where, rewritten.get(i));
    }
    select.setWhere(where);
    if (snapshot != null) {
      String pinned =
          TableName.of(name.table())
              .withSnapshot(snapshot.snapshotId())
              .withRowIdColumn()
              .toString();
      select.setFrom(
          SqlStdOperatorTable.AS.createCall(
              pos,
              TableResolver.withTablePart(tableIdentifier, pinned),
              new SqlIdentifier(alias, pos)));
      select.setSelectList(TopKStatements.expandStars(select.getSelectList(), table, alias));
    }
    return true;
  }

  /** {@code a._rowid IN (...)} of the rows matching the call's query, or FALSE when none do. */
  private SqlNode matching(SqlBasicCall call, Table table, Snapshot snapshot, SqlIdentifier rowId) {
    String column = ((SqlIdentifier) call.operand(0)).names.getLast();
    String query = ((SqlCharStringLiteral) call.operand(1)).getValueAs(String.class);
    IndexDefinition index =
        IndexDefinition.of(table).stream()
            .filter(d -> d.isFullText() && d.column().equals(column))
            .findFirst()
            .orElseThrow(
                () ->
                    SheafException.of(
                        ErrorCode.INDEX_NOT_FOUND,
                        "Cannot filter by text_match(%s, ...): table %s has no FULLTEXT index on"
                            + " column '%s' (CREATE INDEX ... ON %s USING FULLTEXT (%s))",
                        column,
                        table.name(),
                        column,
                        table.name(),
                        column));
    SqlParserPos pos = SqlParserPos.ZERO;
    if (snapshot == null) {
      return SqlLiteral.createBoolean(false, pos);
    }
    Map<String, LongPredicate> files = indexes.sync(table, snapshot, index);
    List<TextHit> hits =
        indexes.textIndex(table, index).search(new TextSearch(query, MAX_ROWS + 1, files, null));
    if (hits.size() > MAX_ROWS) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot filter by text_match(%s, '%s'): more than %d rows match (narrow the query, or"
              + " rank with ORDER BY text_match(%s, '%s') DESC LIMIT k)",
          column,
          query,
          MAX_ROWS,
          column,
          query);
    }
    if (hits.isEmpty()) {
      return SqlLiteral.createBoolean(false, pos);
    }
    SqlNodeList ids = new SqlNodeList(pos);
    hits.stream()
        .mapToLong(TextHit::rowId)
        .sorted()
        .forEach(id -> ids.add(SqlLiteral.createExactNumeric(Long.toString(id), pos)));
    return SqlStdOperatorTable.IN.createCall(pos, rowId, ids);
  }

  /** {@code text_match(column, 'literal')} standing alone as a conjunct. */
  private static boolean isFilter(SqlNode node) {
    return node instanceof SqlBasicCall call
        && call.getOperator().getName().toLowerCase(Locale.ROOT).equals(TopKShape.TEXT_MATCH)
        && call.operandCount() == 2
        && call.operand(0) instanceof SqlIdentifier
        && call.operand(1) instanceof SqlCharStringLiteral;
  }

  private static void flatten(SqlNode node, List<SqlNode> conjuncts) {
    if (node instanceof SqlBasicCall call && call.getKind() == SqlKind.AND) {
      for (SqlNode operand : call.getOperandList()) {
        flatten(operand, conjuncts);
      }
    } else {
      conjuncts.add(node);
    }
  }
}
