package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.index.text.TextHit;
import dev.sheaf.index.text.TextIndex;
import dev.sheaf.index.text.TextSearch;
import dev.sheaf.index.vector.RowIdSet;
import dev.sheaf.index.vector.VectorHit;
import dev.sheaf.index.vector.VectorMetric;
import dev.sheaf.index.vector.VectorSearch;
import dev.sheaf.planner.schema.TableName;
import dev.sheaf.planner.similarity.IndexDefinition;
import dev.sheaf.planner.similarity.RankingFunctions;
import dev.sheaf.planner.similarity.VectorIndexes;
import dev.sheaf.planner.similarity.VectorValues;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
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
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Answers {@code ORDER BY <distance>(c, v) LIMIT k} with a vector index when one of the table's
 * indexes reads {@code c} with that distance's metric: the WHERE (if any) runs first as {@code
 * SELECT _rowid ... WHERE p} on the same snapshot, its row ids become the search's filter, the
 * index returns at most k candidate rows of that snapshot, and the statement runs again on them
 * alone ({@code ... WHERE p AND _rowid IN (candidates) ORDER BY ... LIMIT k} on the pinned
 * snapshot), so every returned value and distance is computed exactly as without an index. The
 * WHERE query and the finishing statement take their values as parameters, so their plans are kept
 * between executions ({@link StatementExecutor}).
 */
final class IndexTopK {
  /** The candidates the graph search keeps unless the query says: {@code sheaf.ef-search}. */
  static final int DEFAULT_EF_SEARCH = Integer.getInteger("sheaf.ef-search", 100);

  /** The largest LIMIT an index answers; larger ones scan exactly. */
  static final int MAX_K = 10_000;

  /** The largest k whose candidates are ordered by their rank (a CASE of k branches). */
  static final int MAX_RANKED = 100;

  private final SheafCatalog catalog;
  private final VectorIndexes indexes;

  IndexTopK(SheafCatalog catalog, VectorIndexes indexes) {
    this.catalog = catalog;
    this.indexes = indexes;
  }

  /**
   * The largest LIMIT of a text or fused ranking: its scores and order are CASEs of k branches,
   * which Calcite's generated code cannot hold for much larger k.
   */
  static final int MAX_TEXT_K = 100;

  /** Reciprocal rank fusion's constant: a row at rank r of a list scores 1 / (60 + r). */
  static final int RRF_K = 60;

  /**
   * How the query will run: the indexes that fit it (the vector index, null for a text ranking; the
   * full-text index, null for a vector one), on which table and snapshot.
   */
  record Plan(
      TopKShape shape,
      Table table,
      String tableName,
      Snapshot snapshot,
      IndexDefinition index,
      IndexDefinition textIndex,
      int efSearch) {
    String explain() {
      StringBuilder explain = new StringBuilder("SheafIndexTopK(");
      if (index != null) {
        explain.append("index=").append(index.name());
        explain.append(", metric=").append(index.metric().sqlName());
      }
      if (textIndex != null) {
        explain.append(index == null ? "" : ", ").append(index == null ? "index=" : "text_index=");
        explain.append(textIndex.name()).append(", analyzer=");
        explain.append(textIndex.analyzer().sqlName());
      }
      if (shape.fused()) {
        explain.append(", fusion=rrf(").append(RRF_K).append(")");
      }
      explain.append(", k=").append(shape.k());
      if (index != null) {
        explain.append(", ef_search=").append(efSearch);
      }
      explain.append(shape.select().getWhere() == null ? "" : ", filtered");
      return explain.append(")").toString();
    }
  }

  /**
   * A row an index search returned: its row id, its score (the vector index's similarity, the BM25
   * score, or the fused score), and its BM25 score (null in a fused ranking when the text search
   * did not return it).
   */
  record Candidate(long rowId, double score, Double textScore) {}

  /**
   * The index plan of a statement, or empty when it runs as it is (no shape, no fitting index). A
   * text ranking ({@code text_match}, {@code rrf}) needs its indexes and its shape: without them
   * the statement is refused (INDEX_NOT_FOUND, NOT_SUPPORTED), as there is no exact fallback.
   */
  Optional<Plan> plan(SqlNode statement) {
    TopKShape shape = TopKShape.of(statement);
    if (shape == null) {
      if (TopKShape.mentions(statement, TopKShape.TEXT_MATCH)) {
        throw RankingFunctions.outsideRanking(TopKShape.TEXT_MATCH);
      }
      if (TopKShape.mentions(statement, TopKShape.RRF)) {
        throw RankingFunctions.outsideRanking(TopKShape.RRF);
      }
      return Optional.empty();
    }
    if (shape.ranksText() && shape.k() > MAX_TEXT_K) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot rank by %s with LIMIT %d: a text ranking returns at most %d rows (lower the"
              + " LIMIT)",
          shape.fused() ? TopKShape.RRF : TopKShape.TEXT_MATCH,
          shape.k(),
          MAX_TEXT_K);
    }
    if (shape.k() > MAX_K) {
      // a very large k is a sort of the whole table: the exact scan does that better
      return Optional.empty();
    }
    TableName name;
    TableResolver resolver;
    try {
      resolver = TableResolver.of(shape.table());
      name = TableName.parse(resolver.table());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (name.systemTable() != null || name.withRowId()) {
      if (shape.ranksText()) {
        throw RankingFunctions.outsideRanking(TopKShape.TEXT_MATCH);
      }
      return Optional.empty();
    }
    Optional<Table> found = catalog.findTable(resolver.schema(), name.table());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Table table = found.get();
    IndexDefinition vectorIndex = null;
    if (!shape.ranksText() || shape.fused()) {
      Optional<IndexDefinition> index =
          IndexDefinition.of(table).stream()
              .filter(d -> fits(d, shape.function(), shape.descending(), shape.column()))
              .findFirst();
      if (index.isEmpty()) {
        if (shape.fused()) {
          throw SheafException.of(
              ErrorCode.INDEX_NOT_FOUND,
              "Cannot fuse %s(%s, ...) into rrf: table %s has no HNSW index of that metric on"
                  + " column '%s' (CREATE INDEX ... ON %s USING HNSW (%s))",
              shape.function(),
              shape.column(),
              name.table(),
              shape.column(),
              name.table(),
              shape.column());
        }
        return Optional.empty();
      }
      vectorIndex = index.get();
    }
    IndexDefinition textIndex = null;
    if (shape.ranksText()) {
      String column = shape.text().column();
      textIndex =
          IndexDefinition.of(table).stream()
              .filter(d -> d.isFullText() && d.column().equals(column))
              .findFirst()
              .orElseThrow(
                  () ->
                      SheafException.of(
                          ErrorCode.INDEX_NOT_FOUND,
                          "Cannot rank by text_match(%s, ...): table %s has no FULLTEXT index on"
                              + " column '%s' (CREATE INDEX ... ON %s USING FULLTEXT (%s))",
                          column,
                          name.table(),
                          column,
                          name.table(),
                          column));
    }
    Snapshot snapshot;
    if (name.snapshotId() != null) {
      snapshot = table.snapshot(name.snapshotId());
    } else if (name.branch() != null) {
      snapshot = table.snapshot(name.branch());
    } else {
      snapshot = table.currentSnapshot();
    }
    if (snapshot == null) {
      // a table without rows: the statement runs as it is and finds none (no call is computed)
      return Optional.empty();
    }
    int efSearch =
        Math.max(shape.k(), shape.efSearch() == null ? DEFAULT_EF_SEARCH : shape.efSearch());
    return Optional.of(
        new Plan(shape, table, name.table(), snapshot, vectorIndex, textIndex, efSearch));
  }

  /** Whether a vector index answers {@code ORDER BY function(column, v) [DESC]}. */
  private static boolean fits(
      IndexDefinition index, String function, boolean descending, String column) {
    if (index.isFullText() || !index.column().equals(column)) {
      return false;
    }
    if (function.equals(TopKShape.SIMILARITY)) {
      return index.metric() == VectorMetric.COSINE && descending;
    }
    return index.metric().distanceFunction().equals(function)
        && index.metric().descending() == descending;
  }

  /**
   * A statement Sheaf derived from the query, its parameters numbered in the order they appear (as
   * Calcite's validator lists them), and where each one's value comes from: {@code i >= 0} the
   * query's parameter i, {@code -1 - j} the j-th candidate's row id, {@code -1 - SCORE - j} its
   * score, {@code -1 - TEXT_SCORE - j} its BM25 score.
   */
  record Numbered(SqlNode statement, List<Integer> sources) {
    /** The values of the statement's parameters. */
    List<Object> values(List<Object> parameters, List<Candidate> candidates) {
      List<Object> values = new ArrayList<>(sources.size());
      for (int source : sources) {
        if (source >= 0) {
          values.add(parameters.get(source));
          continue;
        }
        int placeholder = -1 - source;
        int j = placeholder % SCORE;
        Candidate candidate = j < candidates.size() ? candidates.get(j) : null;
        if (placeholder < SCORE) {
          values.add(candidate == null ? -1L : candidate.rowId());
        } else if (placeholder < TEXT_SCORE) {
          values.add(candidate == null ? null : candidate.score());
        } else {
          values.add(candidate == null ? null : candidate.textScore());
        }
      }
      return values;
    }
  }

  /**
   * Placeholder indexes of the candidate parameters before {@link #numbered} renumbers them: j-th
   * candidate's row id {@code CANDIDATE + j}, score {@code CANDIDATE + SCORE + j}, BM25 score
   * {@code CANDIDATE + TEXT_SCORE + j}.
   */
  private static final int CANDIDATE = 1 << 24;

  private static final int SCORE = 1 << 20;
  private static final int TEXT_SCORE = 2 << 20;

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
  Numbered rowIdQuery(Plan plan) {
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
   * The index's best rows of the pinned snapshot among {@code filter} (null: all), at most k, best
   * first; null when the vector index cannot answer (a zero vector has no cosine distance).
   */
  List<Candidate> search(Plan plan, List<Object> parameters, long[] filter) {
    TopKShape shape = plan.shape();
    Map<String, LongPredicate> files =
        indexes.sync(
            plan.table(), plan.snapshot(), plan.index() != null ? plan.index() : plan.textIndex());
    if (plan.index() != null && plan.textIndex() != null) {
      indexes.sync(plan.table(), plan.snapshot(), plan.textIndex());
    }
    if (filter != null && filter.length == 0) {
      return List.of();
    }
    RowIdSet rows = filter == null ? null : RowIdSet.of(filter);
    if (!shape.ranksText()) {
      List<VectorHit> hits = vectorSearch(plan, parameters, files, rows, shape.k());
      return hits == null
          ? null
          : hits.stream().map(hit -> new Candidate(hit.rowId(), hit.score(), null)).toList();
    }
    TextIndex text = indexes.textIndex(plan.table(), plan.textIndex());
    String query = textQuery(shape, parameters);
    if (!shape.fused()) {
      return text.search(new TextSearch(query, shape.k(), files, rows)).stream()
          .map(hit -> new Candidate(hit.rowId(), hit.score(), (double) hit.score()))
          .toList();
    }
    int depth = plan.efSearch();
    List<VectorHit> nearest = vectorSearch(plan, parameters, files, rows, depth);
    List<TextHit> matches = text.search(new TextSearch(query, depth, files, rows));
    return RankFusion.fuse(
        nearest == null ? List.of() : nearest.stream().map(VectorHit::rowId).toList(),
        matches,
        RRF_K,
        shape.k());
  }

  private List<VectorHit> vectorSearch(
      Plan plan, List<Object> parameters, Map<String, LongPredicate> files, RowIdSet rows, int k) {
    TopKShape shape = plan.shape();
    float[] query =
        shape.literalVector() != null
            ? shape.literalVector()
            : VectorValues.floats(
                vectorParameter(parameters.get(shape.vectorParameter())), shape.function());
    return indexes
        .index(plan.table(), plan.index())
        .search(new VectorSearch(query, k, plan.efSearch(), files, rows));
  }

  private static String textQuery(TopKShape shape, List<Object> parameters) {
    if (shape.text().literal() != null) {
      return shape.text().literal();
    }
    Object value = parameters.get(shape.text().parameter());
    if (!(value instanceof String query)) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot search with a text query of type %s: bind a string",
          value == null ? "NULL" : value.getClass().getSimpleName());
    }
    return query;
  }

  /**
   * Whether the finishing statement may order the candidates by the index's rank instead of
   * computing their distances: when nothing else reads the vector column, it is not read at all.
   */
  static boolean ranks(Plan plan) {
    TopKShape shape = plan.shape();
    if (shape.ranksText()) {
      // only the index knows text scores: the candidates always come in its order
      return true;
    }
    if (shape.k() > MAX_RANKED) {
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
  Numbered finishing(Plan plan, boolean rank) {
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
    if (rank) {
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
  SqlNode exact(Plan plan) {
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
  private static SqlNodeList withScores(SqlNodeList items, Plan plan) {
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
              if (!call.toString().equals(shape.text().call().toString())) {
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

  /** {@code CASE a._rowid WHEN ? THEN CAST(? AS DOUBLE) ... END}: one score per candidate. */
  private static SqlNode scoreCase(Plan plan, int score) {
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlNodeList whens = new SqlNodeList(pos);
    SqlNodeList thens = new SqlNodeList(pos);
    for (int i = 0; i < plan.shape().k(); i++) {
      whens.add(rowIdParameter(CANDIDATE + i));
      thens.add(
          SqlStdOperatorTable.CAST.createCall(
              pos,
              new SqlDynamicParam(CANDIDATE + score + i, pos),
              new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos), pos)));
    }
    return SqlCase.createSwitched(pos, rowId(plan), whens, thens, null);
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

  private static SqlNode pinnedFrom(Plan plan) {
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

  private static SqlIdentifier rowId(Plan plan) {
    return new SqlIdentifier(
        List.of(plan.shape().alias(), IcebergSchemas.ROWID), SqlParserPos.ZERO);
  }

  private static List<?> vectorParameter(Object value) {
    if (value instanceof float[] floats) {
      List<Float> list = new ArrayList<>(floats.length);
      for (float f : floats) {
        list.add(f);
      }
      return list;
    }
    if (value instanceof double[] doubles) {
      List<Double> list = new ArrayList<>(doubles.length);
      for (double d : doubles) {
        list.add(d);
      }
      return list;
    }
    if (value instanceof List<?> list) {
      return list;
    }
    throw SheafException.of(
        ErrorCode.TYPE_MISMATCH,
        "Cannot search with a query vector of type %s: bind a list of numbers",
        value == null ? "NULL" : value.getClass().getSimpleName());
  }

  /** {@code *} and {@code alias.*} as the table's visible columns (the view also has _rowid). */
  private static SqlNodeList expandStars(SqlNodeList items, Table table, String alias) {
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
