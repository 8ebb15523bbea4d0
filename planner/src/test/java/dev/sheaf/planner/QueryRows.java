package dev.sheaf.planner;

import dev.sheaf.planner.exec.StatementResult;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.ArrowValues;
import dev.sheaf.spi.types.SheafType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A query's rows read into lists, for assertions. Vectors become lists of floats. */
record QueryRows(Schema schema, List<List<Object>> rows) {
  static QueryRows of(StatementResult result) {
    try (result) {
      List<List<Object>> rows = new ArrayList<>();
      VectorSchemaRoot root = result.rows().getVectorSchemaRoot();
      Schema schema = root.getSchema();
      while (result.rows().loadNextBatch()) {
        for (int r = 0; r < root.getRowCount(); r++) {
          List<Object> row = new ArrayList<>();
          for (FieldVector vector : root.getFieldVectors()) {
            SheafType type = ArrowTypes.sheafType(vector.getField());
            Object value = ArrowValues.read(vector, r, type);
            if (value instanceof float[] floats) {
              List<Float> list = new ArrayList<>();
              for (float f : floats) {
                list.add(f);
              }
              value = list;
            } else if (value instanceof byte[] bytes) {
              value = Arrays.toString(bytes);
            }
            row.add(value);
          }
          rows.add(row);
        }
      }
      return new QueryRows(schema, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
