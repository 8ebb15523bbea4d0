package dev.sheaf.planner.sync;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.catalog.sources.SourceKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;

/**
 * The rows a table holds at a version, as a sync compares them: first every row's key and row id
 * (two columns read), then the stored values of only the rows the source names again.
 */
final class StoredKeys {
  /** Above this many rows, stored values are read by a full pass rather than an IN filter. */
  private static final int IN_FILTER_LIMIT = 20_000;

  private StoredKeys() {}

  /** Each live row's row id by its key. */
  static Map<List<Object>, Long> rowIds(
      Table table, Snapshot version, List<String> keys, AtomicBoolean cancel) {
    Map<List<Object>, Long> ids = new HashMap<>();
    if (version == null) {
      return ids;
    }
    List<String> columns = new ArrayList<>();
    columns.add(IcebergSchemas.ROWID);
    columns.addAll(keys);
    int[] keyAt = new int[keys.size()];
    for (int k = 0; k < keyAt.length; k++) {
      keyAt[k] = k + 1;
    }
    TableRowReader reader = new TableRowReader(table, table.schema(), columns);
    try (CloseableIterator<Object[]> rows =
        reader.readAll(version.snapshotId(), Expressions.alwaysTrue())) {
      int seen = 0;
      while (rows.hasNext()) {
        Object[] row = rows.next();
        ids.put(SourceKeys.of(row, keyAt), (Long) row[0]);
        if ((++seen & 0xFFFF) == 0 && cancel.get()) {
          throw dev.sheaf.spi.error.SheafException.of(
              dev.sheaf.spi.error.ErrorCode.CANCELLED, "Cannot finish the sync: it was cancelled");
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return ids;
  }

  /** The stored values of {@code columns} of the rows with these ids, by row id. */
  static Map<Long, Object[]> values(
      Table table, Snapshot version, List<String> columns, Set<Long> rowIds) {
    Map<Long, Object[]> values = new HashMap<>();
    if (rowIds.isEmpty()) {
      return values;
    }
    List<String> read = new ArrayList<>();
    read.add(IcebergSchemas.ROWID);
    read.addAll(columns);
    Expression filter =
        rowIds.size() <= IN_FILTER_LIMIT
            ? Expressions.in(IcebergSchemas.ROWID, rowIds.toArray())
            : Expressions.alwaysTrue();
    TableRowReader reader = new TableRowReader(table, table.schema(), read);
    try (CloseableIterator<Object[]> rows = reader.readAll(version.snapshotId(), filter)) {
      while (rows.hasNext()) {
        Object[] row = rows.next();
        Long id = (Long) row[0];
        if (rowIds.contains(id)) {
          values.put(id, row);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return values;
  }
}
