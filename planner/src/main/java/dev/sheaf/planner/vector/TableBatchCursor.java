package dev.sheaf.planner.vector;

import dev.sheaf.catalog.arrow.ParquetBatchReader;
import dev.sheaf.catalog.iceberg.LocalFileIO;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.planner.schema.SheafTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Walks the Arrow batches of a table snapshot: the data files Iceberg keeps after pruning, each
 * decoded by Arrow's C++ Parquet reader. A batch's vectors are indexed by the table's column
 * positions; columns not read, or missing from an older file, are null.
 */
final class TableBatchCursor implements AutoCloseable {
  private final BufferAllocator allocator;
  private final SheafTable table;
  private final int[] readColumns;
  private final List<NestedField> readFields = new ArrayList<>();
  private final Iterator<FileScanTask> files;
  private final int batchRows;
  private final long windowStart;
  private final long windowEnd;
  private ParquetBatchReader current;
  private List<FieldVector> columns = List.of();
  private long nextFileStart;
  private long batchStart;

  TableBatchCursor(
      BufferAllocator allocator,
      SheafTable table,
      int[] readColumns,
      Expression pruning,
      int batchRows,
      RowWindow window) {
    this.allocator = allocator;
    this.table = table;
    this.readColumns = readColumns.clone();
    for (int position : readColumns) {
      readFields.add(table.schema().findField(table.columns().get(position).name()));
    }
    this.batchRows = batchRows;
    List<FileScanTask> tasks = new ArrayList<>();
    if (table.snapshot() != null) {
      tasks.addAll(
          new TableRowReader(table.iceberg(), table.schema(), List.of())
              .plan(table.snapshot().snapshotId(), pruning));
    }
    tasks.sort(java.util.Comparator.comparing(task -> task.file().location()));
    long total = tasks.stream().mapToLong(task -> task.file().recordCount()).sum();
    this.windowStart = window.first(total);
    this.windowEnd = window.end(total);
    this.files = tasks.iterator();
  }

  /** Whether the table's files can be read this way (they are on local disk). */
  static boolean supports(SheafTable table) {
    return table.iceberg().io() instanceof LocalFileIO && table.name().systemTable() == null;
  }

  /** Moves to the next batch with rows in the window; false at the end. */
  boolean next() {
    while (true) {
      if (current == null) {
        FileScanTask task = nextFileInWindow();
        if (task == null) {
          columns = List.of();
          return false;
        }
        batchStart = nextFileStart;
        nextFileStart += task.file().recordCount();
        current =
            new ParquetBatchReader(
                allocator, LocalFileIO.file(task.file().location()), readFields, batchRows);
      } else {
        batchStart += current.rowCount();
      }
      if (current.next()) {
        int rows = current.rowCount();
        if (rows == 0 || batchStart + rows <= windowStart) {
          continue;
        }
        if (batchStart >= windowEnd) {
          current.close();
          current = null;
          continue;
        }
        List<FieldVector> byColumn =
            new ArrayList<>(Collections.nCopies(table.columns().size(), null));
        for (int i = 0; i < readColumns.length; i++) {
          byColumn.set(readColumns[i], current.vector(i));
        }
        columns = byColumn;
        return true;
      }
      current.close();
      current = null;
    }
  }

  /** The next data file that holds rows of the window, skipping (unread) the files before it. */
  private FileScanTask nextFileInWindow() {
    while (files.hasNext()) {
      FileScanTask task = files.next();
      long start = nextFileStart;
      long end = start + task.file().recordCount();
      if (start >= windowEnd) {
        return null;
      }
      if (end > windowStart) {
        return task;
      }
      nextFileStart = end;
    }
    return null;
  }

  /**
   * The rows of the current batch inside the window that pass the predicate (all when it is null),
   * as indexes into the batch.
   */
  int[] select(VectorPredicate predicate) {
    int rows = rowCount();
    int from = (int) Math.max(0, windowStart - batchStart);
    int to = (int) Math.min(rows, windowEnd - batchStart);
    int[] selected;
    if (predicate == null) {
      selected = new int[to - from];
      for (int i = 0; i < selected.length; i++) {
        selected[i] = from + i;
      }
      return selected;
    }
    selected = predicate.select(columns, rows);
    if (from == 0 && to == rows) {
      return selected;
    }
    return java.util.Arrays.stream(selected).filter(i -> i >= from && i < to).toArray();
  }

  /** Whether every row of the current batch is in the window. */
  boolean wholeBatchInWindow() {
    return batchStart >= windowStart && batchStart + rowCount() <= windowEnd;
  }

  int rowCount() {
    return current == null ? 0 : current.rowCount();
  }

  /** The current batch's vectors by table column position. */
  List<FieldVector> columns() {
    return columns;
  }

  /** The Arrow field of a column as the file stores it, for callers that copy values. */
  static boolean sameType(FieldVector source, Field target) {
    return source.getField().getType().equals(target.getType());
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
