package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
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
      if (!task.deletes().isEmpty()) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot read table %s: data file %s has delete files, which Sheaf does not write"
                + " (rewrite the table with Sheaf or another engine)",
            table.name(),
            task.file().location());
      }
    }
    return tasks;
  }

  /** Rows of one data file, each an array of the projected columns' values. */
  public CloseableIterator<Object[]> read(DataFile file, Expression filter) {
    CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(file.location()))
            .project(projection)
            .filter(filter == null ? Expressions.alwaysTrue() : filter)
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema))
            .build();
    CloseableIterator<Record> iterator = records.iterator();
    int width = types.size();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public Object[] next() {
        if (!iterator.hasNext()) {
          throw new NoSuchElementException();
        }
        Record record = iterator.next();
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
          current = read(tasks.next().file(), filter);
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
