package dev.sheaf.catalog.datasets;

import dev.sheaf.catalog.TableVersions;
import dev.sheaf.catalog.iceberg.DeletedRowIds;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;

/**
 * The rows that differ between two versions of a table, matched by {@code _rowid}: added, removed
 * and changed (a changed row keeps its id, as UPDATE and MERGE keep it). A data file that both
 * versions hold with the same delete files holds the same rows in both, so only the other files are
 * read: the cost follows the size of the change, not of the table.
 */
public final class TableDiff {
  private TableDiff() {}

  /**
   * The changes from {@code from} to {@code to} (either null: an empty table), in row id order. Two
   * rows are the same when their visible values are (a column one version lacks counts as NULL).
   */
  public static List<RowChange> between(Table table, Snapshot from, Snapshot to) {
    Map<String, FileScanTask> older = tasks(table, from);
    Map<String, FileScanTask> newer = tasks(table, to);
    RowsRead before = new RowsRead(table, from);
    RowsRead after = new RowsRead(table, to);
    for (var entry : older.entrySet()) {
      FileScanTask old = entry.getValue();
      FileScanTask now = newer.get(entry.getKey());
      if (now == null) {
        before.readAll(old);
        continue;
      }
      Set<String> oldDeletes = deleteLocations(old);
      Set<String> newDeletes = deleteLocations(now);
      if (oldDeletes.equals(newDeletes)) {
        continue; // the same file with the same deletes: the same rows
      }
      if (newDeletes.containsAll(oldDeletes)) {
        // only deletes were added (UPDATE and DELETE written merge-on-read): the rows that left
        // this file are the ones their ids name
        Set<Long> gone = new HashSet<>();
        for (DeleteFile delete : now.deletes()) {
          if (!oldDeletes.contains(delete.location())) {
            for (long id : DeletedRowIds.idsOf(table, delete)) {
              gone.add(id);
            }
          }
        }
        before.readIds(old, gone);
      } else {
        before.readAll(old);
        after.readAll(now);
      }
    }
    for (var entry : newer.entrySet()) {
      if (!older.containsKey(entry.getKey())) {
        after.readAll(entry.getValue());
      }
    }
    return changes(before.rows, after.rows);
  }

  private static List<RowChange> changes(
      Map<Long, Map<String, Object>> before, Map<Long, Map<String, Object>> after) {
    TreeMap<Long, RowChange> changes = new TreeMap<>();
    for (var entry : before.entrySet()) {
      Map<String, Object> now = after.get(entry.getKey());
      if (now == null) {
        changes.put(
            entry.getKey(),
            new RowChange(RowChange.Kind.REMOVED, entry.getKey(), entry.getValue(), null));
      } else if (!same(entry.getValue(), now)) {
        changes.put(
            entry.getKey(),
            new RowChange(RowChange.Kind.CHANGED, entry.getKey(), entry.getValue(), now));
      }
    }
    for (var entry : after.entrySet()) {
      if (!before.containsKey(entry.getKey())) {
        changes.put(
            entry.getKey(),
            new RowChange(RowChange.Kind.ADDED, entry.getKey(), null, entry.getValue()));
      }
    }
    return List.copyOf(changes.values());
  }

  /** Whether two rows hold the same values; a column only one of them has counts as NULL. */
  public static boolean same(Map<String, Object> a, Map<String, Object> b) {
    Set<String> columns = new HashSet<>(a.keySet());
    columns.addAll(b.keySet());
    for (String column : columns) {
      if (!equal(a.get(column), b.get(column))) {
        return false;
      }
    }
    return true;
  }

  private static boolean equal(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof float[] x && b instanceof float[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return Objects.equals(a, b);
  }

  /** A snapshot's file tasks by data file location. */
  private static Map<String, FileScanTask> tasks(Table table, Snapshot snapshot) {
    Map<String, FileScanTask> tasks = new LinkedHashMap<>();
    if (snapshot == null) {
      return tasks;
    }
    TableRowReader reader =
        new TableRowReader(
            table, TableVersions.schema(table, snapshot), List.of(IcebergSchemas.ROWID));
    for (FileScanTask task : reader.plan(snapshot.snapshotId(), Expressions.alwaysTrue())) {
      tasks.put(task.file().location(), task);
    }
    return tasks;
  }

  private static Set<String> deleteLocations(FileScanTask task) {
    Set<String> locations = new HashSet<>();
    task.deletes().forEach(delete -> locations.add(delete.location()));
    return locations;
  }

  /** Rows of one snapshot read from some of its files: visible values by row id. */
  private static final class RowsRead {
    final Map<Long, Map<String, Object>> rows = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final TableRowReader reader;

    RowsRead(Table table, Snapshot snapshot) {
      if (snapshot == null) {
        reader = null;
        return;
      }
      Schema schema = TableVersions.schema(table, snapshot);
      names.add(IcebergSchemas.ROWID);
      for (SheafColumn column : IcebergSchemas.columns(schema)) {
        names.add(column.name());
      }
      reader = new TableRowReader(table, schema, names);
    }

    void readAll(FileScanTask task) {
      read(task, Expressions.alwaysTrue(), null);
    }

    /** The rows of the task with these ids (row groups pruned by their id statistics). */
    void readIds(FileScanTask task, Set<Long> ids) {
      if (!ids.isEmpty()) {
        read(task, Expressions.in(IcebergSchemas.ROWID, ids.toArray()), ids);
      }
    }

    private void read(FileScanTask task, Expression filter, Set<Long> ids) {
      try (CloseableIterator<Object[]> it = reader.read(task, filter)) {
        while (it.hasNext()) {
          Object[] row = it.next();
          Long id = (Long) row[0];
          if (ids != null && !ids.contains(id)) {
            continue;
          }
          Map<String, Object> values = new LinkedHashMap<>();
          for (int i = 1; i < names.size(); i++) {
            values.put(names.get(i), row[i]);
          }
          rows.put(id, values);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
