package dev.sheaf.planner.exec;

import dev.sheaf.index.text.TextHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): a row at rank r (from 1) of a
 * ranking scores {@code 1 / (constant + r)} there, and its fused score is the sum over the rankings
 * that hold it. Ranks, not scores, are fused, so a cosine distance and a BM25 score need no common
 * scale. Ties are broken by row id, so the order is stable.
 */
final class RankFusion {
  private RankFusion() {}

  /**
   * The best {@code k} rows of the vector ranking (row ids, nearest first) and the text ranking
   * (best first) fused, best first; each keeps its BM25 score when the text ranking holds it.
   */
  static List<IndexTopK.Candidate> fuse(
      List<Long> nearest, List<TextHit> matches, int constant, int k) {
    Map<Long, Double> fused = new LinkedHashMap<>();
    Map<Long, Double> textScores = new HashMap<>();
    for (int rank = 0; rank < nearest.size(); rank++) {
      fused.merge(nearest.get(rank), 1.0 / (constant + rank + 1), Double::sum);
    }
    for (int rank = 0; rank < matches.size(); rank++) {
      TextHit hit = matches.get(rank);
      fused.merge(hit.rowId(), 1.0 / (constant + rank + 1), Double::sum);
      textScores.put(hit.rowId(), (double) hit.score());
    }
    List<IndexTopK.Candidate> candidates = new ArrayList<>();
    fused.forEach(
        (rowId, score) ->
            candidates.add(new IndexTopK.Candidate(rowId, score, textScores.get(rowId))));
    candidates.sort(
        Comparator.comparingDouble(IndexTopK.Candidate::score)
            .reversed()
            .thenComparingLong(IndexTopK.Candidate::rowId));
    return List.copyOf(candidates.subList(0, Math.min(k, candidates.size())));
  }
}
