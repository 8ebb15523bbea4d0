package dev.sheaf.planner.similarity;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;

/** A vector argument as floats: Calcite hands lists of Float (cells) or BigDecimal (literals). */
public final class VectorValues {
  private VectorValues() {}

  public static float[] floats(List<?> list, String function) {
    float[] values = new float[list.size()];
    for (int i = 0; i < values.length; i++) {
      Object element = list.get(i);
      if (!(element instanceof Number number)) {
        throw SheafException.of(
            ErrorCode.TYPE_MISMATCH,
            "Cannot compute %s: element %d of the vector is %s (vectors hold numbers only)",
            function,
            i + 1,
            element == null ? "NULL" : "not a number");
      }
      values[i] = number.floatValue();
      if (!Float.isFinite(values[i])) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot compute %s: element %d of the vector is %s (vectors hold finite numbers only)",
            function,
            i + 1,
            values[i]);
      }
    }
    return values;
  }
}
