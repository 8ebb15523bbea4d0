package dev.sheaf.planner.similarity;

import java.util.Map;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * Registers the vector distance functions of {@link VectorFunctions} and the index-answered
 * rankings of {@link RankingFunctions} in a statement's schema.
 */
public final class SimilarityFunctions {
  /** SQL name to the method of {@link VectorFunctions}. */
  public static final Map<String, String> METHODS =
      Map.of(
          "cosine_distance", "cosineDistance",
          "l2_distance", "l2Distance",
          "inner_product", "innerProduct",
          "normalize", "normalize",
          "similarity", "similarity");

  private SimilarityFunctions() {}

  /** SQL name to the method of {@link RankingFunctions}: calls an index answers. */
  public static final Map<String, String> RANKINGS =
      Map.of("text_match", "textMatch", "rrf", "rrf");

  public static void register(SchemaPlus root) {
    METHODS.forEach(
        (name, method) -> root.add(name, ScalarFunctionImpl.create(VectorFunctions.class, method)));
    RANKINGS.forEach(
        (name, method) ->
            root.add(name, ScalarFunctionImpl.create(RankingFunctions.class, method)));
    CandidateFunctions.METHODS.forEach(
        (name, method) ->
            root.add(name, ScalarFunctionImpl.create(CandidateFunctions.class, method)));
  }
}
