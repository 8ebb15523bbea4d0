package dev.sheaf.planner.exec;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.linq4j.Linq4j;

/** A small result computed in full (metadata, dataset statements) as a statement's rows. */
final class ResultRows {
  private ResultRows() {}

  /** {@code rows} (Calcite values: timestamps in milliseconds) under {@code columns}. */
  static StatementResult of(
      BufferAllocator allocator, List<ResultColumn> columns, List<Object[]> rows) {
    int[] fields = new int[columns.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = i;
    }
    return new StatementResult(
        new RowBatchReader(
            allocator, Linq4j.enumerator(rows), columns, fields, RowBatchReader.MAX_ROWS),
        -1);
  }
}
