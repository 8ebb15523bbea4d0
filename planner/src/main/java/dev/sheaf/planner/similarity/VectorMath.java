package dev.sheaf.planner.similarity;

/** The arithmetic of the distance functions on float arrays of one length. */
public final class VectorMath {
  private VectorMath() {}

  public static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  public static double squaredDistance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double difference = a[i] - b[i];
      sum += difference * difference;
    }
    return sum;
  }

  /** 1 - cos(a, b); NaN when either vector is zero (it has no direction), as in pgvector. */
  public static double cosineDistance(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    if (normA == 0 || normB == 0) {
      return Double.NaN;
    }
    return 1 - dot / Math.sqrt(normA * normB);
  }
}
