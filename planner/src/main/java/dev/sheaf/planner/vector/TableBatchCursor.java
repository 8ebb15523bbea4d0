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
  private ParquetBatchReader current;
  private List<FieldVector> columns = List.of();

  TableBatchCursor(
      BufferAllocator allocator,
      SheafTable table,
      int[] readColumns,
      Expression pruning,
      int batchRows) {
    this.allocator = allocator;
    this.table = table;
    this.readColumns = readColumns.clone();
    for (int position : readColumns) {
      readFields.add(table.schema().findField(table.columns().get(position).name()));
    }
    this.batchRows = batchRows;
    List<FileScanTask> tasks =
        table.snapshot() == null
            ? List.of()
            : new TableRowReader(table.iceberg(), table.schema(), List.of())
                .plan(table.snapshot().snapshotId(), pruning);
    this.files = tasks.iterator();
  }

  /** Whether the table's files can be read this way (they are on local disk). */
  static boolean supports(SheafTable table) {
    return table.iceberg().io() instanceof LocalFileIO && table.name().systemTable() == null;
  }

  /** Moves to the next batch with rows; false at the end of the snapshot. */
  boolean next() {
    while (true) {
      if (current == null) {
        if (!files.hasNext()) {
          columns = List.of();
          return false;
        }
        current =
            new ParquetBatchReader(
                allocator, LocalFileIO.file(files.next().file().location()), readFields, batchRows);
      }
      if (current.next()) {
        if (current.rowCount() == 0) {
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
