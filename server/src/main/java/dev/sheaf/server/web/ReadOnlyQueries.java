package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.SheafEngine;
import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.exec.StatementResult;
import dev.sheaf.server.cli.ValueText;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The only way the web pages reach data: queries through the engine, as Flight runs them. A
 * statement that would not return rows (DDL, DML, job control) is refused before it runs, with
 * NOT_SUPPORTED, so the pages are read-only whatever text reaches them. Results are read into
 * {@link QueryRows} up to a row cap.
 */
public final class ReadOnlyQueries {
  private final SheafEngine engine;

  public ReadOnlyQueries(SheafEngine engine) {
    this.engine = requireNonNull(engine, "engine is null");
  }

  /** Refuses {@code sql} unless it is one statement that returns rows. */
  public void checkQuery(String sql) {
    String head = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
    boolean select = head.startsWith("SELECT") || head.startsWith("WITH");
    if (!select || !engine.prepare(sql).returnsRows()) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot run the statement from the web pages: they only read (use sheaf sql or a Flight"
              + " SQL client to change data)");
    }
  }

  /** The columns {@code sql} returns, known without running it. */
  public List<ResultColumn> columns(String sql) {
    return engine.prepare(sql).columns();
  }

  /** Runs a query the pages built from checked parts, reading at most {@code maxRows} rows. */
  public QueryRows run(String sql, List<Object> parameters, int maxRows) {
    try (StatementResult result = engine.execute(sql, parameters, new AtomicBoolean())) {
      if (!result.isQuery()) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED, "Cannot run the statement from the web pages: they only read");
      }
      return read(result.rows(), maxRows);
    }
  }

  /** {@link #checkQuery}, then {@link #run}: for queries that hold text a user typed. */
  public QueryRows runChecked(String sql, List<Object> parameters, int maxRows) {
    checkQuery(sql);
    return run(sql, parameters, maxRows);
  }

  /**
   * The vector in the first column of the first row of {@code sql} (a VECTOR column), or null when
   * there is no row or the cell is NULL.
   */
  public float[] vector(String sql, List<Object> parameters) {
    try (StatementResult result = engine.execute(sql, parameters, new AtomicBoolean())) {
      ArrowReader reader = result.rows();
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        if (root.getRowCount() == 0) {
          continue;
        }
        if (!(root.getVector(0) instanceof FixedSizeListVector list)
            || !(list.getDataVector() instanceof Float4Vector elements)
            || list.isNull(0)) {
          return null;
        }
        int size = list.getListSize();
        float[] vector = new float[size];
        for (int i = 0; i < size; i++) {
          vector[i] = elements.get(i);
        }
        return vector;
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static QueryRows read(ArrowReader reader, int maxRows) {
    try {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<String> columns = root.getSchema().getFields().stream().map(Field::getName).toList();
      List<List<Object>> rows = new ArrayList<>();
      while (rows.size() < maxRows && reader.loadNextBatch()) {
        for (int row = 0; row < root.getRowCount() && rows.size() < maxRows; row++) {
          List<Object> values = new ArrayList<>(columns.size());
          for (FieldVector vector : root.getFieldVectors()) {
            values.add(value(vector, row));
          }
          rows.add(values);
        }
      }
      return new QueryRows(columns, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object value(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof VarBinaryVector binary) {
      return binary.get(row);
    }
    return ValueText.of(vector, row);
  }
}
