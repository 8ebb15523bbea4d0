package dev.sheaf.planner.similarity;

import java.util.HashMap;
import java.util.Map;

/**
 * A ranking's candidates as the finishing statement of a text or fused ranking with more than a
 * hundred of them reads them ({@code IndexTopK}): their row ids and scores come as two
 * comma-separated texts (statement parameters), and {@code sheaf_candidate_rank(a._rowid, ids)} is
 * a row's rank among them, {@code sheaf_candidate_score(a._rowid, ids, scores)} its score (NULL
 * when it has none). A CASE of one branch per candidate does that for fewer, but Calcite's
 * generated code cannot hold a CASE of a thousand branches.
 */
public final class CandidateFunctions {
  /** SQL name to method. */
  public static final Map<String, String> METHODS =
      Map.of("sheaf_candidate_rank", "candidateRank", "sheaf_candidate_score", "candidateScore");

  /** The row ids last parsed, and the position of each: every row of a statement asks the same. */
  private record Parsed(String ids, Map<Long, Integer> positions) {}

  private static volatile Parsed last = new Parsed("", Map.of());

  private CandidateFunctions() {}

  /** The rank (from 0) of the row among the candidates; their count when it is not one. */
  public static int candidateRank(long rowId, String ids) {
    Map<Long, Integer> positions = positions(ids);
    return positions.getOrDefault(rowId, positions.size());
  }

  /** The score of the row: the scores' entry at its position among the ids; NULL for none. */
  public static Double candidateScore(long rowId, String ids, String scores) {
    Integer position = positions(ids).get(rowId);
    if (position == null) {
      return null;
    }
    int start = 0;
    for (int i = 0; i < position; i++) {
      start = scores.indexOf(',', start) + 1;
    }
    int end = scores.indexOf(',', start);
    return Double.parseDouble(end < 0 ? scores.substring(start) : scores.substring(start, end));
  }

  private static Map<Long, Integer> positions(String ids) {
    Parsed parsed = last;
    if (parsed.ids() == ids || parsed.ids().equals(ids)) {
      return parsed.positions();
    }
    Map<Long, Integer> positions = new HashMap<>();
    if (!ids.isEmpty()) {
      String[] parts = ids.split(",");
      for (int i = 0; i < parts.length; i++) {
        positions.putIfAbsent(Long.parseLong(parts[i]), i);
      }
    }
    last = new Parsed(ids, positions);
    return positions;
  }
}
