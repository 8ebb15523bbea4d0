package dev.sheaf.server.flight;

import dev.sheaf.planner.exec.HeapGuard;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/** Reads the parameter rows a client binds to a prepared statement as plain Java values. */
final class ParameterRows {
  private ParameterRows() {}

  static List<List<Object>> read(FlightStream stream) {
    List<List<Object>> rows = new ArrayList<>();
    while (stream.next()) {
      VectorSchemaRoot root = stream.getRoot();
      for (int r = 0; r < root.getRowCount(); r++) {
        List<Object> row = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
          row.add(javaValue(vector.getObject(r)));
        }
        rows.add(row);
        HeapGuard.check(rows.size(), "the bound parameter rows");
      }
    }
    return rows;
  }

  private static Object javaValue(Object value) {
    if (value instanceof Text text) {
      return text.toString();
    }
    if (value instanceof List<?> list) {
      float[] vector = new float[list.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = ((Number) list.get(i)).floatValue();
      }
      return vector;
    }
    return value;
  }
}
