package dev.sheaf.index.vector;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * How an HNSW index stores its vectors for the graph search: as the float32 vectors ({@code none}),
 * or quantized with Lucene's optimized scalar quantization to 8 bits ({@code int8}), 4 bits ({@code
 * int4}) or 1 bit per dimension with 4-bit queries ({@code bbq}). A quantized index keeps the float
 * vectors beside the quantized ones; Sheaf ranks the candidates the graph gives by the exact
 * distance, so quantization trades a little recall for less memory and faster traversal.
 */
public enum VectorQuantization {
  NONE(null),
  INT8(ScalarEncoding.UNSIGNED_BYTE),
  INT4(ScalarEncoding.PACKED_NIBBLE),
  BBQ(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE);

  private final ScalarEncoding encoding;

  VectorQuantization(ScalarEncoding encoding) {
    this.encoding = encoding;
  }

  /** The name SQL gives it: none, int8, int4, bbq. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The quantization of a SQL name; INVALID_ARGUMENT for another. */
  public static VectorQuantization parse(String text) {
    for (VectorQuantization quantization : values()) {
      if (quantization.sqlName().equalsIgnoreCase(text.strip())) {
        return quantization;
      }
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot use quantization '%s' (give none, int8, int4 or bbq)",
        text);
  }

  /** Lucene's vectors format for an HNSW graph of {@code m} and {@code efConstruction}. */
  KnnVectorsFormat format(int m, int efConstruction) {
    return encoding == null
        ? new Lucene99HnswVectorsFormat(m, efConstruction)
        : new Lucene104HnswScalarQuantizedVectorsFormat(encoding, m, efConstruction);
  }
}
