package dev.sheaf.planner.exec;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.planner.schema.TableName;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.iceberg.Table;

/**
 * The statements {@link IndexTopK} derives from a query an index answers: the WHERE's row-id query,
 * the finishing statement on the candidates (ordered by their rank, the index's scores in place of
 * {@code text_match} and {@code rrf}), and the exact statement on the pinned snapshot. Their
 * parameters are numbered afresh ({@link Numbered}), so their plans are kept between executions.
 */
final class TopKStatements {
  private TopKStatements() {}

  /**
   * A statement Sheaf derived from the query, its parameters numbered in the order they appear (as
   * Calcite's validator lists them), and where each one's value comes from: {@code i >= 0} the
   * query's parameter i, {@code -1 - j} the j-th candidate's row id, {@code -1 - SCORE - j} its
   * score, {@code -1 - TEXT_SCORE - j} its BM25 score, {@code -1 - TEXT_ROW_ID - j} its row id if
   * it has a BM25 score (else -1, which no row has: the score CASE then gives NULL).
   */
  record Numbered(SqlNode statement, List<Integer> sources) {
    /** The values of the statement's parameters. */
    List<Object> values(List<Object> parameters, List<IndexTopK.Candidate> candidates) {
      List<Object> values = new ArrayList<>(sources.size());
      for (int source : sources) {
        if (source >= 0) {
          values.add(parameters.get(source));
          continue;
        }
        int placeholder = -1 - source;
        int j = placeholder % SCORE;
        IndexTopK.Candidate candidate = j < candidates.size() ? candidates.get(j) : null;
        // never null: the plan cache keys on the values' types, so a NULL would plan again
        boolean scored = candidate != null && candidate.textScore() != null;
        switch (placeholder / SCORE) {
          case 0 -> values.add(candidate == null ? -1L : candidate.rowId());
          case 1 -> values.add(candidate == null ? 0.0 : candidate.score());
          case 2 -> values.add(scored ? candidate.textScore() : 0.0);
          case 3 -> values.add(scored ? candidate.rowId() : -1L);
          default -> values.add(list(placeholder / SCORE, candidates));
        }
      }
      return values;
    }
  }

  /** The candidates' row ids or scores as a comma-separated text ({@code CandidateFunctions}). */
  private static String list(int kind, List<IndexTopK.Candidate> candidates) {
    StringBuilder text = new StringBuilder();
    for (IndexTopK.Candidate candidate : candidates) {
      boolean textOnly = kind == TEXT_ID_LIST / SCORE || kind == TEXT_SCORE_LIST / SCORE;
      if (textOnly && candidate.textScore() == null) {
        continue;
      }
      text.append(text.isEmpty() ? "" : ",");
      if (kind == ID_LIST / SCORE || kind == TEXT_ID_LIST / SCORE) {
        text.append(candidate.rowId());
      } else if (kind == SCORE_LIST / SCORE) {
        text.append(candidate.score());
      } else {
        text.append(candidate.textScore());
      }
    }
    return text.toString();
  }

  /**
   * Placeholder indexes of the candidate parameters before {@link #numbered} renumbers them: j-th
   * candidate's row id {@code CANDIDATE + j}, score {@code CANDIDATE + SCORE + j}, BM25 score
   * {@code CANDIDATE + TEXT_SCORE + j}, row id when it has a BM25 score {@code CANDIDATE +
   * TEXT_ROW_ID + j}.
   */
  private static final int CANDIDATE = 1 << 24;

  private static final int SCORE = 1 << 20;
  private static final int TEXT_SCORE = 2 << 20;
  private static final int TEXT_ROW_ID = 3 << 20;

  /** The candidates' row ids, scores, and those of the ones with a BM25 score, as texts. */
  private static final int ID_LIST = 4 << 20;

  private static final int SCORE_LIST = 5 << 20;
  private static final int TEXT_ID_LIST = 6 << 20;
  private static final int TEXT_SCORE_LIST = 7 << 20;

  private static Numbered numbered(SqlNode statement) {
    List<Integer> sources = new ArrayList<>();
    SqlNode renumbered =
        statement.accept(
            new org.apache.calcite.sql.util.SqlShuttle() {
              @Override
              public SqlNode visit(SqlDynamicParam parameter) {
                int index = parameter.getIndex();
                sources.add(index >= CANDIDATE ? -1 - (index - CANDIDATE) : index);
                return new SqlDynamicParam(sources.size() - 1, parameter.getParserPosition());
              }
            });
    return new Numbered(renumbered, sources);
  }

  /** {@code SELECT a._rowid FROM "t@snapshot=S+rowid" AS a WHERE p}: the rows the WHERE keeps. */
  static Numbered rowIdQuery(IndexTopK.Plan plan) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return numbered(
        new SqlSelect(
            pos,
            null,
            SqlNodeList.of(rowId(plan)),
            pinnedFrom(plan),
            plan.shape().select().getWhere().clone(pos),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));
  }

  /**
   * Whether the finishing statement may order the candidates by the index's rank instead of
   * computing their distances: when nothing else reads the vector column, it is not read at all.
   */
  static boolean ranks(IndexTopK.Plan plan) {
    TopKShape shape = plan.shape();
    if (shape.ranksText()) {
      // only the index knows text scores: the candidates always come in its order
      return true;
    }
    if (shape.k() > IndexTopK.MAX_RANKED) {
      return false;
    }
    boolean[] reads = {false};
    org.apache.calcite.sql.util.SqlBasicVisitor<Void> visitor =
        new org.apache.calcite.sql.util.SqlBasicVisitor<>() {
          @Override
          public Void visit(SqlIdentifier identifier) {
            String last = identifier.names.get(identifier.names.size() - 1);
            if (last.equals(shape.column()) || identifier.isStar()) {
              reads[0] = true;
            }
            return null;
          }
        };
    shape.select().getSelectList().accept(visitor);
    if (shape.select().getWhere() != null) {
      shape.select().getWhere().accept(visitor);
    }
    return !reads[0];
  }

  /**
   * The statement that finishes the query on the candidates, the same for every execution with the
   * same k (so its plan is kept): the original on the pinned snapshot with {@code AND a._rowid IN
   * (?, ...)} (the k candidates, padded with -1), ordered by the distance as written, or by the
   * candidates' rank ({@code CASE a._rowid WHEN ? THEN 0 ... END}) when {@link #ranks}.
   */
  static Numbered finishing(IndexTopK.Plan plan, boolean rank) {
    TopKShape shape = plan.shape();
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlSelect select = shape.select();
    select.setFrom(pinnedFrom(plan));
    select.setSelectList(expandStars(select.getSelectList(), plan.table(), shape.alias()));
    select.setHints(SqlNodeList.EMPTY);
    List<SqlNode> candidates = new ArrayList<>();
    for (int i = 0; i < shape.k(); i++) {
      candidates.add(rowIdParameter(CANDIDATE + i));
    }
    SqlNode kept =
        SqlStdOperatorTable.IN.createCall(pos, rowId(plan), new SqlNodeList(candidates, pos));
    select.setWhere(
        select.getWhere() == null
            ? kept
            : SqlStdOperatorTable.AND.createCall(pos, select.getWhere(), kept));
    if (shape.ranksText()) {
      select.setSelectList(withScores(select.getSelectList(), plan));
    }
    if (rank && shape.k() > IndexTopK.MAX_RANKED) {
      shape
          .statement()
          .orderList
          .set(0, function("sheaf_candidate_rank", rowId(plan), textParameter(ID_LIST)));
    } else if (rank) {
      SqlNodeList whens = new SqlNodeList(pos);
      SqlNodeList thens = new SqlNodeList(pos);
      for (int i = 0; i < shape.k(); i++) {
        whens.add(rowIdParameter(CANDIDATE + i));
        thens.add(SqlLiteral.createExactNumeric(Integer.toString(i), pos));
      }
      shape
          .statement()
          .orderList
          .set(
              0,
              SqlCase.createSwitched(
                  pos,
                  rowId(plan),
                  whens,
                  thens,
                  SqlLiteral.createExactNumeric(Integer.toString(shape.k()), pos)));
    }
    return numbered(shape.statement());
  }

  /**
   * The statement on the pinned snapshot without the index, for a query the index cannot answer.
   */
  static SqlNode exact(IndexTopK.Plan plan) {
    SqlSelect select = plan.shape().select();
    select.setFrom(pinnedFrom(plan));
    select.setSelectList(expandStars(select.getSelectList(), plan.table(), plan.shape().alias()));
    select.setHints(SqlNodeList.EMPTY);
    return plan.shape().statement();
  }

  /**
   * The select list with the ranking's calls replaced by the candidates' scores: {@code
   * text_match(c, q)} (the ranking's column and query) by their BM25 scores, {@code rrf(...)} by
   * the fused ones, each a {@code CASE a._rowid WHEN ? THEN ? ... END}. Another text_match call has
   * no score to take: NOT_SUPPORTED.
   */
  private static SqlNodeList withScores(SqlNodeList items, IndexTopK.Plan plan) {
    TopKShape shape = plan.shape();
    SqlShuttle scores =
        new SqlShuttle() {
          @Override
          public SqlNode visit(SqlCall call) {
            String name = call.getOperator().getName();
            if (name.equalsIgnoreCase(TopKShape.RRF)) {
              return scoreCase(plan, SCORE);
            }
            if (name.equalsIgnoreCase(TopKShape.TEXT_MATCH)) {
              if (!shape.text().sameAs(call, shape.alias())) {
                throw SheafException.of(
                    ErrorCode.NOT_SUPPORTED,
                    "Cannot compute %s: only the ranking's own text_match (%s) has scores in"
                        + " this query",
                    call,
                    shape.text().call());
              }
              return scoreCase(plan, TEXT_SCORE);
            }
            return super.visit(call);
          }
        };
    SqlNodeList replaced = new SqlNodeList(items.getParserPosition());
    for (SqlNode item : items) {
      replaced.add(item.accept(scores));
    }
    return replaced;
  }

  /**
   * {@code CASE a._rowid WHEN ? THEN CAST(? AS DOUBLE) ... END}: one score per candidate (for BM25
   * scores, a candidate without one is matched by no row, so its row gets NULL).
   */
  private static SqlNode scoreCase(IndexTopK.Plan plan, int score) {
    SqlParserPos pos = SqlParserPos.ZERO;
    if (plan.shape().k() > IndexTopK.MAX_RANKED) {
      boolean text = score == TEXT_SCORE;
      return function(
          "sheaf_candidate_score",
          rowId(plan),
          textParameter(text ? TEXT_ID_LIST : ID_LIST),
          textParameter(text ? TEXT_SCORE_LIST : SCORE_LIST));
    }
    SqlNodeList whens = new SqlNodeList(pos);
    SqlNodeList thens = new SqlNodeList(pos);
    for (int i = 0; i < plan.shape().k(); i++) {
      whens.add(rowIdParameter(CANDIDATE + (score == TEXT_SCORE ? TEXT_ROW_ID : 0) + i));
      thens.add(
          SqlStdOperatorTable.CAST.createCall(
              pos,
              new SqlDynamicParam(CANDIDATE + score + i, pos),
              new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos), pos)));
    }
    return SqlCase.createSwitched(pos, rowId(plan), whens, thens, null);
  }

  /** {@code CAST(? AS VARCHAR)}: a list of the candidates as text ({@code CandidateFunctions}). */
  private static SqlNode textParameter(int kind) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return SqlStdOperatorTable.CAST.createCall(
        pos,
        new SqlDynamicParam(CANDIDATE + kind, pos),
        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos));
  }

  private static SqlNode function(String name, SqlNode... operands) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return new org.apache.calcite.sql.SqlUnresolvedFunction(
            new SqlIdentifier(name, pos),
            null,
            null,
            null,
            null,
            org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION)
        .createCall(pos, operands);
  }

  /** {@code CAST(? AS BIGINT)}: a row id parameter, typed (CASE cannot infer it). */
  private static SqlNode rowIdParameter(int index) {
    SqlParserPos pos = SqlParserPos.ZERO;
    return SqlStdOperatorTable.CAST.createCall(
        pos,
        new SqlDynamicParam(index, pos),
        new org.apache.calcite.sql.SqlDataTypeSpec(
            new org.apache.calcite.sql.SqlBasicTypeNameSpec(
                org.apache.calcite.sql.type.SqlTypeName.BIGINT, pos),
            pos));
  }

  private static SqlNode pinnedFrom(IndexTopK.Plan plan) {
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlIdentifier pinned =
        TableResolver.withTablePart(
            plan.shape().table(),
            TableName.of(plan.tableName())
                .withSnapshot(plan.snapshot().snapshotId())
                .withRowIdColumn()
                .toString());
    return SqlStdOperatorTable.AS.createCall(
        pos, pinned, new SqlIdentifier(plan.shape().alias(), pos));
  }

  private static SqlIdentifier rowId(IndexTopK.Plan plan) {
    return new SqlIdentifier(
        List.of(plan.shape().alias(), IcebergSchemas.ROWID), SqlParserPos.ZERO);
  }

  /** {@code *} and {@code alias.*} as the table's visible columns (the view also has _rowid). */
  static SqlNodeList expandStars(SqlNodeList items, Table table, String alias) {
    SqlNodeList expanded = new SqlNodeList(items.getParserPosition());
    for (SqlNode item : items) {
      if (item instanceof SqlIdentifier identifier && identifier.isStar()) {
        for (SheafColumn column : IcebergSchemas.columns(table.schema())) {
          expanded.add(new SqlIdentifier(List.of(alias, column.name()), SqlParserPos.ZERO));
        }
      } else {
        expanded.add(item);
      }
    }
    return expanded;
  }

  static long[] rowIds(StatementResult result) {
    try (result) {
      List<Long> ids = new ArrayList<>();
      var root = result.rows().getVectorSchemaRoot();
      while (result.rows().loadNextBatch()) {
        BigIntVector vector = (BigIntVector) root.getVector(0);
        for (int i = 0; i < root.getRowCount(); i++) {
          ids.add(vector.get(i));
        }
      }
      return ids.stream().mapToLong(Long::longValue).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
