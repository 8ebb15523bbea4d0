package dev.sheaf.index.vector;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How an HNSW index compares vectors, and which SQL distance it answers. Cosine vectors are stored
 * normalized and compared by dot product (Lucene's fastest form, and what cosine is on unit
 * vectors); dot uses Lucene's maximum inner product, which takes vectors of any length.
 */
public enum VectorMetric {
  COSINE("cosine", "cosine_distance", false, VectorSimilarityFunction.DOT_PRODUCT),
  DOT("dot", "inner_product", true, VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT),
  L2("l2", "l2_distance", false, VectorSimilarityFunction.EUCLIDEAN);

  private final String sqlName;
  private final String distanceFunction;
  private final boolean descending;
  private final VectorSimilarityFunction similarity;

  VectorMetric(
      String sqlName,
      String distanceFunction,
      boolean descending,
      VectorSimilarityFunction similarity) {
    this.sqlName = sqlName;
    this.distanceFunction = distanceFunction;
    this.descending = descending;
    this.similarity = similarity;
  }

  /** The metric a DDL names: {@code cosine}, {@code dot} or {@code l2} (any case). */
  public static VectorMetric parse(String name) {
    for (VectorMetric metric : values()) {
      if (metric.sqlName.equals(name.toLowerCase(Locale.ROOT))) {
        return metric;
      }
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot create the index: unknown metric '%s' (use 'cosine', 'dot' or 'l2')",
        name);
  }

  /** The name DDL and metadata use. */
  public String sqlName() {
    return sqlName;
  }

  /** The SQL function whose order this index gives. */
  public String distanceFunction() {
    return distanceFunction;
  }

  /**
   * Whether the nearest rows come first with ORDER BY ... DESC (inner product: larger is nearer).
   */
  public boolean descending() {
    return descending;
  }

  VectorSimilarityFunction similarity() {
    return similarity;
  }

  /** The vector as this metric stores and searches it: unit length for cosine, else as is. */
  float[] prepare(float[] vector) {
    if (this != COSINE) {
      return vector;
    }
    double norm = 0;
    for (float value : vector) {
      norm += value * value;
    }
    if (norm == 0) {
      return null;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    float[] unit = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      unit[i] = vector[i] * scale;
    }
    return unit;
  }
}
