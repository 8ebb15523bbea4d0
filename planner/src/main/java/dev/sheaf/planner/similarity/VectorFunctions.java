package dev.sheaf.planner.similarity;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;

/**
 * Distances between vectors, as SQL calls them: {@code cosine_distance(a, b)} (1 - cosine
 * similarity), {@code similarity(a, b)} (cosine similarity), {@code l2_distance(a, b)} (Euclidean),
 * {@code inner_product(a, b)} and {@code normalize(v)}. A vector is a list of numbers: a VECTOR(n)
 * cell (floats), an {@code ARRAY[...]} literal (decimals) or a bound parameter. Arithmetic runs in
 * float, as the stored vectors are float, summed in double. NULL in, NULL out; vectors of different
 * lengths are TYPE_MISMATCH.
 */
public final class VectorFunctions {
  private VectorFunctions() {}

  public static Double cosineDistance(List<?> left, List<?> right) {
    if (left == null || right == null) {
      return null;
    }
    float[] a = VectorValues.floats(left, "cosine_distance");
    float[] b = VectorValues.floats(right, "cosine_distance");
    checkDimensions("cosine_distance", a, b);
    return VectorMath.cosineDistance(a, b);
  }

  /** {@code similarity(a, b)}: cosine similarity, 1 - {@code cosine_distance(a, b)}. */
  public static Double similarity(List<?> left, List<?> right) {
    if (left == null || right == null) {
      return null;
    }
    float[] a = VectorValues.floats(left, "similarity");
    float[] b = VectorValues.floats(right, "similarity");
    checkDimensions("similarity", a, b);
    return 1 - VectorMath.cosineDistance(a, b);
  }

  public static Double l2Distance(List<?> left, List<?> right) {
    if (left == null || right == null) {
      return null;
    }
    float[] a = VectorValues.floats(left, "l2_distance");
    float[] b = VectorValues.floats(right, "l2_distance");
    checkDimensions("l2_distance", a, b);
    return Math.sqrt(VectorMath.squaredDistance(a, b));
  }

  public static Double innerProduct(List<?> left, List<?> right) {
    if (left == null || right == null) {
      return null;
    }
    float[] a = VectorValues.floats(left, "inner_product");
    float[] b = VectorValues.floats(right, "inner_product");
    checkDimensions("inner_product", a, b);
    return VectorMath.dot(a, b);
  }

  /** The vector scaled to length 1; the zero vector stays zero. */
  public static List<Float> normalize(List<?> vector) {
    if (vector == null) {
      return null;
    }
    float[] values = VectorValues.floats(vector, "normalize");
    double norm = Math.sqrt(VectorMath.dot(values, values));
    List<Float> normalized = new ArrayList<>(values.length);
    for (float value : values) {
      normalized.add(norm == 0 ? value : (float) (value / norm));
    }
    return normalized;
  }

  static void checkDimensions(String function, float[] a, float[] b) {
    if (a.length != b.length) {
      throw SheafException.of(
          ErrorCode.TYPE_MISMATCH,
          "Cannot compute %s of vectors of %d and %d dimensions: both must have the same"
              + " dimension (check the query vector's length against the column's VECTOR(n))",
          function,
          a.length,
          b.length);
    }
  }
}
