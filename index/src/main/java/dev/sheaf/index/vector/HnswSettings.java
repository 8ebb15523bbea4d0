package dev.sheaf.index.vector;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/**
 * What an HNSW index is built with: its metric, the vectors' dimension, {@code m} (neighbours per
 * node), {@code ef_construction} (candidates while inserting) and how its vectors are quantized.
 */
public record HnswSettings(
    VectorMetric metric,
    int dimension,
    int m,
    int efConstruction,
    VectorQuantization quantization) {
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;

  /** Settings with float vectors (no quantization). */
  public HnswSettings(VectorMetric metric, int dimension, int m, int efConstruction) {
    this(metric, dimension, m, efConstruction, VectorQuantization.NONE);
  }

  public HnswSettings {
    java.util.Objects.requireNonNull(metric, "metric is null");
    java.util.Objects.requireNonNull(quantization, "quantization is null");
    if (dimension < 1 || dimension > 4096) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create the index: vectors of %d dimensions (an HNSW index takes 1 to 4096)",
          dimension);
    }
    if (m < 2 || m > Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create the index: m = %d (give 2 to %d; 16 is usual)",
          m,
          Lucene99HnswVectorsFormat.MAXIMUM_MAX_CONN);
    }
    if (efConstruction < 1 || efConstruction > Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create the index: ef_construction = %d (give 1 to %d; 100 is usual)",
          efConstruction,
          Lucene99HnswVectorsFormat.MAXIMUM_BEAM_WIDTH);
    }
  }
}
