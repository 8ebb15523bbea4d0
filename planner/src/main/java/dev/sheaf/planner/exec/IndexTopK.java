package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.apache.calcite.sql.SqlNode;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Answers {@code ORDER BY <distance>(c, v) LIMIT k} with a vector index when one of the table's
 * indexes reads {@code c} with that distance's metric: the WHERE (if any) runs first as {@code
 * SELECT _rowid ... WHERE p} on the same snapshot, its row ids become the search's filter, the
 * index returns at most k candidate rows of that snapshot, and the statement runs again on them
 * alone ({@code ... WHERE p AND _rowid IN (candidates) ORDER BY ... LIMIT k} on the pinned
 * snapshot), so every returned value and distance is computed exactly as without an index. The
 * WHERE query and the finishing statement ({@link TopKStatements}) take their values as parameters,
 * so their plans are kept between executions ({@link StatementExecutor}). A full-text ranking
 * ({@code ORDER BY text_match(c, 'q') DESC LIMIT k}) and a fused one ({@code rrf(...)}) take the
 * same path with the full-text index, the candidates' scores handed to the finishing statement.
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
   * The largest LIMIT of a text or fused ranking: up to {@link #MAX_RANKED} its scores and order
   * are CASEs of k branches, above that lookups in the candidates' lists ({@code
   * CandidateFunctions}); the candidates are an IN list of k parameters.
   */
  static final int MAX_TEXT_K = 1_000;

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
}
