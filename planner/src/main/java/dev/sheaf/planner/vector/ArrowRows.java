package dev.sheaf.planner.vector;

import dev.sheaf.planner.exec.ResultColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.linq4j.Enumerator;

/**
 * The rows of an Arrow reader as Sheaf values (timestamps in microseconds), one {@code Object[]}
 * per row: how a write reads a query that runs without Calcite's row engine, so that what it copies
 * keeps every digit.
 */
public final class ArrowRows implements Enumerator<Object[]> {
  private final ArrowReader reader;
  private final List<ResultColumn> columns;
  private VectorSchemaRoot root;
  private int row;
  private int rows;
  private Object[] current;

  /** Reads {@code reader}, whose vectors are {@code columns} in order; closes it when closed. */
  public ArrowRows(ArrowReader reader, List<ResultColumn> columns) {
    this.reader = reader;
    this.columns = List.copyOf(columns);
  }

  @Override
  public Object[] current() {
    return current;
  }

  @Override
  public boolean moveNext() {
    try {
      if (root == null) {
        root = reader.getVectorSchemaRoot();
      }
      while (row >= rows) {
        if (!reader.loadNextBatch()) {
          return false;
        }
        rows = root.getRowCount();
        row = 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Object[] values = new Object[columns.size()];
    for (int c = 0; c < values.length; c++) {
      values[c] = FileValues.read(root.getVector(c), row, columns.get(c).type());
    }
    row++;
    current = values;
    return true;
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("an Arrow reader is read once");
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
