package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.types.SheafType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Reads rows of one snapshot of a table as Sheaf row values. The projection names the columns to
 * read (by the snapshot's schema, so renamed and dropped columns read right); the filter prunes
 * data files and row groups, and rows that pass it may still not match (the caller filters again).
 */
public final class TableRowReader {
  private final Table table;
  private final Schema projection;
  private final List<SheafType> types;
  private final int[] positions;

  /**
   * Reads {@code columns}, in the order given, of a snapshot whose schema is {@code
   * snapshotSchema}.
   */
  public TableRowReader(Table table, Schema snapshotSchema, List<String> columns) {
    this.table = table;
    this.projection = snapshotSchema.select(columns);
    List<NestedField> projected = projection.columns();
    List<SheafType> columnTypes = new ArrayList<>();
    this.positions = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      NestedField field = projection.findField(columns.get(i));
      positions[i] = projected.indexOf(field);
      columnTypes.add(IcebergSchemas.sheafType(field));
    }
    this.types = List.copyOf(columnTypes);
  }

  public Schema projection() {
    return projection;
  }

  /**
   * The data files of a snapshot that may hold rows passing {@code filter}; the snapshot's file
   * list is planned once and kept (see {@link SnapshotFiles}).
   */
  public List<FileScanTask> plan(long snapshotId, Expression filter) {
    List<FileScanTask> tasks = SnapshotFiles.plan(table, snapshotId, filter);
    for (FileScanTask task : tasks) {
      DeletedRowIds.check(table, task);
    }
    return tasks;
  }

  /**
   * Rows of one data file of a snapshot, each an array of the projected columns' values, without
   * the rows its delete files remove.
   */
  public CloseableIterator<Object[]> read(FileScanTask task, Expression filter) {
    return read(task.file(), DeletedRowIds.of(table, task), filter);
  }

  /** Rows of one data file, without those in {@code deleted}. */
  private CloseableIterator<Object[]> read(
      DataFile file, DeletedRowIds deleted, Expression filter) {
    // deleted rows are found by their row id, read even when the caller did not ask for it
    Schema read =
        deleted.isEmpty() || projection.findField(IcebergSchemas.ROWID) != null
            ? projection
            : TypeUtil.join(projection, table.schema().select(IcebergSchemas.ROWID));
    int rowIdAt =
        deleted.isEmpty() ? -1 : read.columns().indexOf(read.findField(IcebergSchemas.ROWID));
    CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(file.location()))
            .project(read)
            .filter(filter == null ? Expressions.alwaysTrue() : filter)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(read, fileSchema))
            .build();
    CloseableIterator<Record> iterator = records.iterator();
    int width = types.size();
    return new CloseableIterator<>() {
      private Record ahead;

      @Override
      public boolean hasNext() {
        while (ahead == null && iterator.hasNext()) {
          Record record = iterator.next();
          if (rowIdAt < 0 || !deleted.contains((Long) record.get(rowIdAt))) {
            ahead = record;
          }
        }
        return ahead != null;
      }

      @Override
      public Object[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Record record = ahead;
        ahead = null;
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
          row[i] = IcebergValues.fromIceberg(types.get(i), record.get(positions[i]));
        }
        return row;
      }

      @Override
      public void close() throws IOException {
        iterator.close();
        records.close();
      }
    };
  }

  /** Rows of every file of a snapshot that may pass {@code filter}, file after file. */
  public CloseableIterator<Object[]> readAll(long snapshotId, Expression filter) {
    Iterator<FileScanTask> tasks = plan(snapshotId, filter).iterator();
    return new CloseableIterator<>() {
      private CloseableIterator<Object[]> current;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          closeCurrent();
          if (!tasks.hasNext()) {
            return false;
          }
          current = read(tasks.next(), filter);
        }
        return true;
      }

      @Override
      public Object[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() {
        closeCurrent();
      }

      private void closeCurrent() {
        if (current != null) {
          try {
            current.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          current = null;
        }
      }
    };
  }
}
