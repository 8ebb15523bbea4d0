package dev.sheaf.planner.similarity;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/**
 * {@code text_match(c, 'query')} (a row's BM25 score for the query) and {@code rrf(distance,
 * text_match)} (reciprocal rank fusion of a vector and a text ranking): scores that only an index
 * knows, so Sheaf answers them by replacing the calls with the index's scores before the statement
 * runs ({@code IndexTopK}). Registered so statements validate; a call that reaches execution is a
 * statement of another shape, refused before it runs, and these bodies are the last guard.
 */
public final class RankingFunctions {
  private RankingFunctions() {}

  public static Double textMatch(String column, String query) {
    throw outsideRanking("text_match");
  }

  public static Double rrf(Double vector, Double text) {
    throw outsideRanking("rrf");
  }

  public static SheafException outsideRanking(String function) {
    return SheafException.of(
        ErrorCode.NOT_SUPPORTED,
        "Cannot compute %s here: it is answered by a FULLTEXT index as the ranking of a top-k"
            + " query (SELECT ... FROM t [WHERE ...] ORDER BY text_match(c, 'query') DESC"
            + " LIMIT k, or ORDER BY rrf(cosine_distance(v, ...), text_match(c, 'query')) DESC"
            + " LIMIT k) or as a filter of one table's rows (SELECT ... FROM t WHERE"
            + " text_match(c, 'query') [AND ...], not with a text ranking)",
        function);
  }
}
