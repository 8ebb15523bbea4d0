package dev.sheaf.catalog;

import static dev.sheaf.spi.error.ErrorCode.CATALOG_ERROR;
import static dev.sheaf.spi.error.ErrorCode.COMMIT_CONFLICT;
import static dev.sheaf.spi.error.ErrorCode.DUPLICATE_KEY;

import dev.sheaf.catalog.computed.RowCompleter;
import dev.sheaf.catalog.iceberg.DataFileWriter;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.RowIdDeletes;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Commits changes to a table, one Iceberg snapshot per statement. Inserts append new files (on a
 * keyed table as a row delta validated against concurrent writes of the same keys, see {@link
 * NewKeys}); updates, deletes and merges are written merge-on-read or copy-on-write ({@link
 * WriteMode}).
 *
 * <p>Rows are given in the order of the table's user columns (without {@code _rowid}).
 */
public final class TableWrites {
  /** Rows per data file; several files let partitioned reads split a table. */
  public static final long ROWS_PER_FILE = 1_000_000;

  /** Tries of a keyed append whose validation failed on keys the other commit did not hold. */
  private static final int KEYED_COMMIT_ATTEMPTS = 10;

  private final SheafCatalog catalog;

  private volatile RowCompleter completer = RowCompleter.NONE;

  /** Sets what fills the computed cells of a rewritten file (see {@link RowCompleter}). */
  public void completer(RowCompleter rowCompleter) {
    this.completer = java.util.Objects.requireNonNull(rowCompleter, "rowCompleter is null");
  }

  public TableWrites(SheafCatalog catalog) {
    this.catalog = catalog;
  }

  /** Appends rows to a branch (main when null) and returns the new version, or -1 for no rows. */
  public long append(Table table, String branch, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return -1;
    }
    Schema schema = table.schema();
    Snapshot base = TableVersions.head(table, branch);
    NewKeys keys = NewKeys.of(table, rows);
    keys.checkAbsent(base, Set.of());
    long firstRowId = catalog.allocateRowIds(table, rows.size());
    List<Object[]> withIds = new ArrayList<>(rows.size());
    long rowId = firstRowId;
    for (Object[] row : rows) {
      withIds.add(withRowId(rowId++, row));
    }
    return commitAppend(
        table, branch, DataFileWriter.writeAll(table, schema, ROWS_PER_FILE, withIds), keys, base);
  }

  /**
   * Commits a version of the table's main branch without rows (TRUNCATE); older versions keep
   * theirs. Returns how many rows the table had.
   */
  public long truncate(Table table) {
    Snapshot base = table.currentSnapshot();
    long rows =
        base == null ? 0 : Long.parseLong(base.summary().getOrDefault("total-records", "0"));
    try {
      table.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit();
    } catch (RuntimeException e) {
      throw commitFailure(table, e);
    }
    return rows;
  }

  /**
   * Commits data files already written (with their row ids) as one new version of a branch (main
   * when null); on failure the files are deleted. Returns the new version.
   */
  public long commitAppend(Table table, String branch, List<DataFile> files) {
    try {
      AppendFiles append = table.newAppend();
      files.forEach(append::appendFile);
      if (branch != null) {
        append.toBranch(branch);
      }
      append.commit();
    } catch (RuntimeException e) {
      if (outcomeKnown(e)) {
        files.forEach(file -> table.io().deleteFile(file.location()));
      }
      throw commitFailure(table, e);
    }
    return TableVersions.head(table, branch).sequenceNumber();
  }

  /**
   * Commits data files of new keyed rows as one new version of a branch (main when null), their
   * {@code keys} checked absent from {@code checkedAt}. The commit fails when another commit since
   * added a file that may hold one of the keys (Iceberg's validation with the keys' conflict
   * filter); then the keys are looked for again in the newer version: DUPLICATE_KEY when one is
   * there now, another try on top of it when not (the other commit held other keys of the range).
   * Two statements writing one key at once thus never both land. On failure the files are deleted.
   */
  public long commitAppend(
      Table table, String branch, List<DataFile> files, NewKeys keys, Snapshot checkedAt) {
    if (keys.isEmpty()) {
      return commitAppend(table, branch, files);
    }
    Snapshot base = checkedAt;
    for (int attempt = 1; ; attempt++) {
      try {
        RowDelta delta = table.newRowDelta();
        files.forEach(delta::addRows);
        if (base != null) {
          delta.validateFromSnapshot(base.snapshotId());
        }
        delta.conflictDetectionFilter(keys.conflictFilter()).validateNoConflictingDataFiles();
        if (branch != null) {
          delta.toBranch(branch);
        }
        delta.commit();
        return TableVersions.head(table, branch).sequenceNumber();
      } catch (ValidationException e) {
        try {
          base = recheckKeys(table, branch, keys, Set.of());
        } catch (RuntimeException duplicate) {
          files.forEach(file -> table.io().deleteFile(file.location()));
          throw duplicate;
        }
        if (attempt == KEYED_COMMIT_ATTEMPTS) {
          files.forEach(file -> table.io().deleteFile(file.location()));
          throw commitFailure(table, e);
        }
      } catch (RuntimeException e) {
        if (outcomeKnown(e)) {
          files.forEach(file -> table.io().deleteFile(file.location()));
        }
        throw commitFailure(table, e);
      }
    }
  }

  /**
   * After a keyed commit failed its validation: the branch's head now, once {@code keys} are
   * checked absent from it (rows {@code replaced} names do not count); DUPLICATE_KEY otherwise.
   */
  private static Snapshot recheckKeys(
      Table table, String branch, NewKeys keys, Set<Long> replaced) {
    table.refresh();
    Snapshot head = TableVersions.head(table, branch);
    keys.checkAbsent(head, replaced);
    return head;
  }

  /**
   * Replaces every row of a branch (main when null) with the rows of {@code files} in one new
   * version; older versions keep the old rows. Returns the new version.
   */
  public long commitReplace(Table table, String branch, List<DataFile> files) {
    Snapshot base = TableVersions.head(table, branch);
    try {
      OverwriteFiles overwrite = table.newOverwrite();
      if (base != null) {
        TableRowReader reader = new TableRowReader(table, table.schema(), List.of());
        for (FileScanTask task : reader.plan(base.snapshotId(), Expressions.alwaysTrue())) {
          overwrite.deleteFile(task.file());
        }
        overwrite
            .validateFromSnapshot(base.snapshotId())
            .conflictDetectionFilter(Expressions.alwaysTrue())
            .validateNoConflictingData()
            .validateNoConflictingDeletes();
      }
      files.forEach(overwrite::addFile);
      if (branch != null) {
        overwrite.toBranch(branch);
      }
      overwrite.commit();
    } catch (RuntimeException e) {
      if (outcomeKnown(e)) {
        files.forEach(file -> table.io().deleteFile(file.location()));
      }
      throw commitFailure(table, e);
    }
    return TableVersions.head(table, branch).sequenceNumber();
  }

  /** Reserves row ids for {@code count} new rows of the table and returns the first. */
  public long allocateRowIds(Table table, long count) {
    return catalog.allocateRowIds(table, count);
  }

  /**
   * The keys of new rows (in user-column order) of a branch, checked: DUPLICATE_KEY when two of
   * them are the same, or when {@code against} (the branch's head the commit will start from) has
   * one. Pass them to {@link #commitAppend(Table, String, List, NewKeys, Snapshot)} with that
   * snapshot.
   */
  public static NewKeys checkNewKeys(Table table, Snapshot against, List<Object[]> rows) {
    NewKeys keys = NewKeys.of(table, rows);
    keys.checkAbsent(against, Set.of());
    return keys;
  }

  /**
   * Changes rows: rows in {@code updates} get new values, rows in {@code deletes} disappear, and
   * {@code inserts} are added, all in one commit on top of {@code base}. A small change (see {@link
   * WriteMode}) is written merge-on-read, as a delete file and new rows; a large one rewrites the
   * files holding the touched rows (copy-on-write). Returns the new version, or -1 when nothing
   * changed.
   *
   * @param change which statement changes the rows (its table property chooses the write mode)
   * @param updatedColumns the columns whose values {@code updates} set (their pins follow them); an
   *     updated row keeps its stored value in every other column, so values that passed through a
   *     less precise runtime (Calcite holds timestamps in milliseconds) are not rounded by an
   *     update that did not touch them
   */
  public long rewrite(
      Table table,
      String branch,
      Snapshot base,
      WriteMode.Change change,
      Map<Long, Object[]> updates,
      Set<String> updatedColumns,
      Set<Long> deletes,
      List<Object[]> inserts) {
    return rewrite(
        table, branch, base, change, updates, updatedColumns, deletes, inserts, Map.of());
  }

  /**
   * {@link #rewrite} whose new snapshot's summary also holds {@code summary} (an iterator view
   * records there the version of its base table it reflects).
   */
  public long rewrite(
      Table table,
      String branch,
      Snapshot base,
      WriteMode.Change change,
      Map<Long, Object[]> updates,
      Set<String> updatedColumns,
      Set<Long> deletes,
      List<Object[]> inserts,
      Map<String, String> summary) {
    if (updates.isEmpty() && deletes.isEmpty() && inserts.isEmpty()) {
      return -1;
    }
    Schema schema = table.schema();
    Set<Long> touched = new HashSet<>(updates.keySet());
    touched.addAll(deletes);
    NewKeys keys = NewKeys.of(table, keyedRows(table, updates, updatedColumns, inserts));
    keys.checkAbsent(base, touched);

    List<String> allColumns = schema.columns().stream().map(NestedField::name).toList();
    List<int[]> pins = IcebergSchemas.pinPositions(schema);
    boolean[] replaced = replacedPositions(allColumns, pins, updatedColumns);
    TableRowReader reader = new TableRowReader(table, schema, allColumns);
    List<FileScanTask> holding =
        touched.isEmpty() || base == null
            ? List.of()
            : reader.plan(
                base.snapshotId(), Expressions.in(IcebergSchemas.ROWID, touched.toArray()));
    long rowsHeld = holding.stream().mapToLong(task -> task.file().recordCount()).sum();
    if (WriteMode.of(table, change).mergesOnRead(touched.size(), rowsHeld)) {
      return mergeOnRead(
          table, branch, base, reader, holding, updates, replaced, touched, pins, inserts, keys,
          summary);
    }
    List<DataFile> removed = new ArrayList<>();
    DataFileWriter writer = new DataFileWriter(table, schema, ROWS_PER_FILE);
    try {
      for (FileScanTask task : holding) {
        rewriteFile(table, reader, task, updates, replaced, deletes, pins, writer, removed);
      }
      if (!inserts.isEmpty()) {
        long rowId = catalog.allocateRowIds(table, inserts.size());
        for (Object[] row : inserts) {
          writer.write(withRowId(rowId++, row));
        }
      }
      List<DataFile> added = writer.finish();
      OverwriteFiles overwrite = table.newOverwrite();
      summary.forEach(overwrite::set);
      removed.forEach(overwrite::deleteFile);
      added.forEach(overwrite::addFile);
      if (base != null) {
        overwrite
            .validateFromSnapshot(base.snapshotId())
            .conflictDetectionFilter(Expressions.alwaysTrue())
            .validateNoConflictingData()
            .validateNoConflictingDeletes();
      } else if (!keys.isEmpty()) {
        overwrite.conflictDetectionFilter(keys.conflictFilter()).validateNoConflictingData();
      }
      if (branch != null) {
        overwrite.toBranch(branch);
      }
      overwrite.commit();
    } catch (RuntimeException e) {
      if (outcomeKnown(e)) {
        writer.abort();
      }
      throw rewriteFailure(table, branch, keys, touched, e);
    }
    return TableVersions.head(table, branch).sequenceNumber();
  }

  /**
   * Why a change failed to commit: DUPLICATE_KEY when its validation failed and the newer version
   * holds one of its keys (a concurrent write took it first), otherwise {@link #commitFailure}.
   */
  private static RuntimeException rewriteFailure(
      Table table, String branch, NewKeys keys, Set<Long> replaced, RuntimeException e) {
    if (e instanceof ValidationException && !keys.isEmpty()) {
      try {
        recheckKeys(table, branch, keys, replaced);
      } catch (SheafException checked) {
        if (checked.code() == DUPLICATE_KEY) {
          return checked;
        }
      } catch (RuntimeException unchecked) {
        e.addSuppressed(unchecked);
      }
    }
    return commitFailure(table, e);
  }

  /**
   * Commits a change as merge-on-read: the touched row ids go into one equality delete file, and
   * updated rows (their stored values with the new ones laid over) and inserted rows into new data
   * files, so a one-row change writes two small files instead of rewriting the file that held the
   * row. Readers skip deleted ids ({@link DeletedRowIds}); {@link DeleteCompaction} folds the
   * deletes back into data files in the background.
   */
  private long mergeOnRead(
      Table table,
      String branch,
      Snapshot base,
      TableRowReader reader,
      List<FileScanTask> holding,
      Map<Long, Object[]> updates,
      boolean[] replaced,
      Set<Long> touched,
      List<int[]> pins,
      List<Object[]> inserts,
      NewKeys keys,
      Map<String, String> summary) {
    List<Object[]> written = new ArrayList<>();
    if (!updates.isEmpty()) {
      for (Object[] row : StoredRows.read(table, reader, holding, updates.keySet())) {
        long rowId = (Long) row[0];
        written.add(updatedRow(row, rowId, updates.get(rowId), replaced, pins));
      }
      completer.complete(table, written);
    }
    if (!inserts.isEmpty()) {
      long rowId = catalog.allocateRowIds(table, inserts.size());
      for (Object[] row : inserts) {
        written.add(withRowId(rowId++, row));
      }
    }
    DataFileWriter writer = new DataFileWriter(table, table.schema(), ROWS_PER_FILE);
    DeleteFile deletes = null;
    try {
      written.forEach(writer::write);
      List<DataFile> added = writer.finish();
      RowDelta delta = table.newRowDelta();
      summary.forEach(delta::set);
      if (!touched.isEmpty()) {
        deletes = RowIdDeletes.write(table, touched);
        delta.addDeletes(deletes);
      }
      added.forEach(delta::addRows);
      // a concurrent change of the same rows (a new version of one of them, a delete of one, a
      // rewrite of a file holding one) fails this commit instead of leaving two versions, and so
      // does a concurrent write of rows that may hold one of the keys this change writes
      Expression conflicts =
          Expressions.or(
              touched.isEmpty()
                  ? Expressions.alwaysFalse()
                  : Expressions.in(IcebergSchemas.ROWID, touched.toArray()),
              keys.conflictFilter());
      if (base != null) {
        delta
            .validateFromSnapshot(base.snapshotId())
            .conflictDetectionFilter(conflicts)
            .validateNoConflictingDataFiles()
            .validateNoConflictingDeleteFiles()
            .validateDeletedFiles();
      } else if (!keys.isEmpty()) {
        delta.conflictDetectionFilter(conflicts).validateNoConflictingDataFiles();
      }
      if (branch != null) {
        delta.toBranch(branch);
      }
      delta.commit();
    } catch (RuntimeException e) {
      if (outcomeKnown(e)) {
        writer.abort();
        if (deletes != null) {
          table.io().deleteFile(deletes.location());
        }
      }
      throw rewriteFailure(table, branch, keys, touched, e);
    }
    catalog.deleteCompaction().afterMergeOnRead(table);
    return TableVersions.head(table, branch).sequenceNumber();
  }

  /**
   * Replaces one data file of the table with the same rows transformed (copy-on-write of one
   * chunk): reads the file's rows ({@code _rowid} first, then every column of the current schema in
   * order), writes what {@code transform} makes of them, and commits the swap on top of {@code
   * base} as one new version. Fails with COMMIT_CONFLICT when another commit removed the file
   * since.
   */
  public long replaceFile(
      Table table,
      Snapshot base,
      FileScanTask task,
      java.util.function.UnaryOperator<List<Object[]>> transform) {
    DataFile file = task.file();
    Schema schema = table.schema();
    List<String> allColumns = schema.columns().stream().map(NestedField::name).toList();
    TableRowReader reader = new TableRowReader(table, schema, allColumns);
    List<Object[]> rows = new ArrayList<>();
    try (CloseableIterator<Object[]> read = reader.read(task, null)) {
      while (read.hasNext()) {
        rows.add(read.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Object[]> replaced = transform.apply(rows);
    DataFileWriter writer = new DataFileWriter(table, schema, ROWS_PER_FILE);
    try {
      replaced.forEach(writer::write);
      List<DataFile> added = writer.finish();
      OverwriteFiles overwrite = table.newOverwrite().deleteFile(file);
      added.forEach(overwrite::addFile);
      overwrite.validateFromSnapshot(base.snapshotId()).validateNoConflictingDeletes();
      overwrite.commit();
    } catch (RuntimeException e) {
      if (outcomeKnown(e)) {
        writer.abort();
      }
      throw commitFailure(table, e);
    }
    return table.currentSnapshot().sequenceNumber();
  }

  private void rewriteFile(
      Table table,
      TableRowReader reader,
      FileScanTask task,
      Map<Long, Object[]> updates,
      boolean[] replaced,
      Set<Long> deletes,
      List<int[]> pins,
      DataFileWriter writer,
      List<DataFile> removed) {
    List<Object[]> kept = new ArrayList<>();
    boolean changed = false;
    try (CloseableIterator<Object[]> rows = reader.read(task, null)) {
      while (rows.hasNext()) {
        Object[] row = rows.next();
        long rowId = (Long) row[0];
        if (deletes.contains(rowId)) {
          changed = true;
        } else if (updates.containsKey(rowId)) {
          kept.add(updatedRow(row, rowId, updates.get(rowId), replaced, pins));
          changed = true;
        } else {
          kept.add(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (changed) {
      removed.add(task.file());
      completer.complete(table, kept);
      kept.forEach(writer::write);
    }
  }

  /** A stored row with an update's values laid over the columns it replaces. */
  private static Object[] updatedRow(
      Object[] stored, long rowId, Object[] values, boolean[] replaced, List<int[]> pins) {
    Object[] updated = withRowId(rowId, values);
    for (int i = 1; i < stored.length; i++) {
      if (!replaced[i]) {
        updated[i] = stored[i];
      }
    }
    return keepPins(pins, stored, updated);
  }

  /**
   * The rows whose keys a change must find free: inserted rows, and updated rows when the update
   * sets a key column. (An update that keeps its rows' keys cannot take another row's, but an
   * inserted row may not take an updated row's key: that is checked among the statement's rows.)
   */
  private static List<Object[]> keyedRows(
      Table table,
      Map<Long, Object[]> updates,
      Set<String> updatedColumns,
      List<Object[]> inserts) {
    List<Object[]> keyed = new ArrayList<>(inserts);
    if (IcebergSchemas.primaryKey(table.schema()).stream().anyMatch(updatedColumns::contains)) {
      keyed.addAll(updates.values());
    } else if (!updates.isEmpty() && !inserts.isEmpty()) {
      List<Object[]> all = new ArrayList<>(inserts);
      all.addAll(updates.values());
      NewKeys.of(table, all);
    }
    return keyed;
  }

  /** Which positions of a stored row an update replaces: the named columns and their pins. */
  private static boolean[] replacedPositions(
      List<String> columns, List<int[]> pins, Set<String> updatedColumns) {
    boolean[] replaced = new boolean[columns.size()];
    for (int i = 0; i < replaced.length; i++) {
      replaced[i] = updatedColumns.contains(columns.get(i));
    }
    for (int[] pair : pins) {
      replaced[pair[1]] |= replaced[pair[0]];
    }
    return replaced;
  }

  /**
   * An updated row keeps the pin of a media cell whose URI did not change (the update gives no pin
   * for a cell it set to the same URI without checking it).
   */
  private static Object[] keepPins(List<int[]> pins, Object[] old, Object[] updated) {
    for (int[] pair : pins) {
      if (updated[pair[1]] == null && java.util.Objects.equals(updated[pair[0]], old[pair[0]])) {
        updated[pair[1]] = old[pair[1]];
      }
    }
    return updated;
  }

  private static Object[] withRowId(long rowId, Object[] row) {
    Object[] full = new Object[row.length + 1];
    full[0] = rowId;
    System.arraycopy(row, 0, full, 1, row.length);
    return full;
  }

  /**
   * Whether a failed commit surely did not land, so its new files may be deleted. When the catalog
   * cannot tell ({@link CommitStateUnknownException}: the connection dropped after the commit was
   * sent), the commit may have landed and its version may reference the files: they are kept.
   */
  static boolean outcomeKnown(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CommitStateUnknownException) {
        return false;
      }
    }
    return true;
  }

  static RuntimeException commitFailure(Table table, RuntimeException e) {
    if (!outcomeKnown(e)) {
      return new SheafException(
          CATALOG_ERROR,
          "Cannot tell whether the commit to table "
              + table.name()
              + " landed: the catalog did not answer (its new files are kept; read the table's"
              + " $history before running the statement again)",
          e);
    }
    if (e instanceof ValidationException || e instanceof CommitFailedException) {
      return new SheafException(
          COMMIT_CONFLICT,
          "Cannot commit to table "
              + table.name()
              + ": another statement changed the same rows first (run the statement again)",
          e);
    }
    return e;
  }
}
