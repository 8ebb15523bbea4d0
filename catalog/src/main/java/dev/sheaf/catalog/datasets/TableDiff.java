package dev.sheaf.catalog.datasets;

import dev.sheaf.catalog.TableVersions;
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
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
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
    Set<String> shared = new HashSet<>(older.keySet());
    shared.retainAll(newer.keySet());
    Map<Long, Map<String, Object>> before = rows(table, from, older, shared);
    Map<Long, Map<String, Object>> after = rows(table, to, newer, shared);
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

  /** A snapshot's file tasks by identity: the data file and the delete files applied to it. */
  private static Map<String, FileScanTask> tasks(Table table, Snapshot snapshot) {
    Map<String, FileScanTask> tasks = new LinkedHashMap<>();
    if (snapshot == null) {
      return tasks;
    }
    TableRowReader reader =
        new TableRowReader(
            table, TableVersions.schema(table, snapshot), List.of(IcebergSchemas.ROWID));
    for (FileScanTask task : reader.plan(snapshot.snapshotId(), Expressions.alwaysTrue())) {
      List<String> deletes = new ArrayList<>();
      task.deletes().stream().map(ContentFile::location).forEach(deletes::add);
      deletes.sort(String::compareTo);
      tasks.put(task.file().location() + "|" + String.join(",", deletes), task);
    }
    return tasks;
  }

  /** The visible rows of the tasks not in {@code shared}, by row id. */
  private static Map<Long, Map<String, Object>> rows(
      Table table, Snapshot snapshot, Map<String, FileScanTask> tasks, Set<String> shared) {
    Map<Long, Map<String, Object>> rows = new HashMap<>();
    if (snapshot == null) {
      return rows;
    }
    Schema schema = TableVersions.schema(table, snapshot);
    List<String> names = new ArrayList<>();
    names.add(IcebergSchemas.ROWID);
    for (SheafColumn column : IcebergSchemas.columns(schema)) {
      names.add(column.name());
    }
    TableRowReader reader = new TableRowReader(table, schema, names);
    for (var entry : tasks.entrySet()) {
      if (shared.contains(entry.getKey())) {
        continue;
      }
      try (CloseableIterator<Object[]> it =
          reader.read(entry.getValue(), Expressions.alwaysTrue())) {
        while (it.hasNext()) {
          Object[] row = it.next();
          Map<String, Object> values = new LinkedHashMap<>();
          for (int i = 1; i < names.size(); i++) {
            values.put(names.get(i), row[i]);
          }
          rows.put((Long) row[0], values);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }
}
