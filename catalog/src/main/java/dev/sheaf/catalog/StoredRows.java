package dev.sheaf.catalog;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;

/** Reads the stored rows of a few row ids, as a merge-on-read update needs them. */
final class StoredRows {
  private StoredRows() {}

  /**
   * The live rows with the given ids in the data files of {@code holding}, each as {@code reader}
   * reads it ({@code _rowid} first).
   */
  static List<Object[]> read(
      Table table, TableRowReader reader, List<FileScanTask> holding, Set<Long> rowIds) {
    List<Object[]> rows = new ArrayList<>(rowIds.size());
    var filter = Expressions.in(IcebergSchemas.ROWID, rowIds.toArray());
    for (FileScanTask task : holding) {
      try (CloseableIterator<Object[]> read = reader.read(task, filter)) {
        while (read.hasNext()) {
          Object[] row = read.next();
          if (rowIds.contains((Long) row[0])) {
            rows.add(row);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }
}
