package dev.sheaf.planner.vector;

import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Reads a Sheaf row value from a vector as Parquet files decode: like {@link ArrowValues#read},
 * except that a VECTOR column arrives as a variable-size list.
 */
final class FileValues {
  private FileValues() {}

  static Object read(FieldVector vector, int row, SheafType type) {
    if (type.kind() == TypeKind.VECTOR && vector instanceof ListVector list) {
      if (list.isNull(row)) {
        return null;
      }
      int start = list.getElementStartIndex(row);
      int end = list.getElementEndIndex(row);
      Float4Vector data = (Float4Vector) list.getDataVector();
      float[] values = new float[end - start];
      for (int k = start; k < end; k++) {
        values[k - start] = data.get(k);
      }
      return values;
    }
    return ArrowValues.read(vector, row, type);
  }
}
