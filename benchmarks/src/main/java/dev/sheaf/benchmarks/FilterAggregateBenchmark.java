package dev.sheaf.benchmarks;

import dev.sheaf.planner.SheafEngine;
import dev.sheaf.planner.exec.StatementResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A selective filter (about 1% of rows: {@code bucket < 10} of 1000 uniform buckets) plus an
 * aggregate grouped by the low-cardinality {@code label}. The peer is DuckDB running the same SQL
 * over the same Parquet files; {@code {table}} in {@link #SQL_TEMPLATE} names the table.
 */
final class FilterAggregateBenchmark {
  static final String SQL_TEMPLATE =
      "SELECT label, COUNT(*) AS n, SUM(quantity) AS total_quantity, AVG(score) AS mean_score"
          + " FROM {table} WHERE bucket < 10 GROUP BY label ORDER BY label";

  static final String SQL = SQL_TEMPLATE.replace("{table}", ExampleTable.NAME);

  private final SheafEngine engine;

  FilterAggregateBenchmark(SheafEngine engine) {
    this.engine = engine;
  }

  /** Runs the query once and returns its rows (label, n, total_quantity, mean_score). */
  List<List<Object>> run() {
    List<List<Object>> rows = new ArrayList<>();
    try (StatementResult result = engine.execute(SQL)) {
      ArrowReader reader = result.rows();
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        for (int row = 0; row < root.getRowCount(); row++) {
          List<Object> values = new ArrayList<>();
          for (FieldVector vector : root.getFieldVectors()) {
            Object value = vector.getObject(row);
            values.add(value instanceof Number || value == null ? value : value.toString());
          }
          rows.add(values);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
