package dev.sheaf.planner.sync;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.catalog.sources.SourceKeys;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;

/**
 * The rows a table holds at a version, as a sync compares them, read in one pass: every live row's
 * row id by its key, and the stored values of the compared columns of only the rows whose key the
 * source gives again.
 *
 * @param rowIds each live row's row id, by key
 * @param values {@code [_rowid, compared columns...]} of the rows whose key the source has, by row
 *     id
 */
record StoredKeys(Map<List<Object>, Long> rowIds, Map<Long, Object[]> values) {
  static StoredKeys read(
      Table table,
      Snapshot version,
      List<String> keys,
      List<String> compared,
      Set<List<Object>> sourceKeys,
      AtomicBoolean cancel) {
    Map<List<Object>, Long> ids = new HashMap<>();
    Map<Long, Object[]> values = new HashMap<>();
    if (version == null) {
      return new StoredKeys(ids, values);
    }
    List<String> columns = new ArrayList<>();
    columns.add(IcebergSchemas.ROWID);
    columns.addAll(keys);
    columns.addAll(compared);
    int[] keyAt = new int[keys.size()];
    for (int k = 0; k < keyAt.length; k++) {
      keyAt[k] = k + 1;
    }
    int valuesFrom = 1 + keys.size();
    TableRowReader reader = new TableRowReader(table, table.schema(), columns);
    try (CloseableIterator<Object[]> rows =
        reader.readAll(version.snapshotId(), Expressions.alwaysTrue())) {
      int seen = 0;
      while (rows.hasNext()) {
        Object[] row = rows.next();
        List<Object> key = SourceKeys.of(row, keyAt);
        Long rowId = (Long) row[0];
        ids.put(key, rowId);
        if (sourceKeys.contains(key)) {
          Object[] stored = new Object[1 + compared.size()];
          stored[0] = rowId;
          System.arraycopy(row, valuesFrom, stored, 1, compared.size());
          values.put(rowId, stored);
        }
        if ((++seen & 0xFFFF) == 0 && cancel.get()) {
          throw SheafException.of(ErrorCode.CANCELLED, "Cannot finish the sync: it was cancelled");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new StoredKeys(ids, values);
  }
}
