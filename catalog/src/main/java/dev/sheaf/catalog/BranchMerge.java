package dev.sheaf.catalog;

import dev.sheaf.catalog.datasets.RowChange;
import dev.sheaf.catalog.datasets.TableDiff;
import dev.sheaf.catalog.iceberg.DataFileWriter;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.RowIdDeletes;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * {@code MERGE BRANCH b INTO main}: the rows the branch added, changed and removed since it left
 * main (or since its last merge) are applied to main as one new version, when main has not changed
 * any of the same rows (matched by {@code _rowid}) since; otherwise MERGE_CONFLICT names them. A
 * merged row keeps its row id and its media pins, so a later merge of the same branch sees it as
 * the same row.
 *
 * <p>The new version's summary records the branch and the branch head merged ({@value
 * #MERGED_BRANCH}, {@value #MERGED_HEAD}): the next merge of the branch starts from there.
 */
public final class BranchMerge {
  static final String MERGED_BRANCH = "sheaf.merged-branch";
  static final String MERGED_HEAD = "sheaf.merged-branch-head";

  /** At most this many conflicting row ids are named in the message. */
  private static final int NAMED = 10;

  private final Table table;
  private final String branch;
  private final String into;
  private final Snapshot intoHead;
  private final Snapshot branchHead;
  private final List<RowChange> changes;
  private final Set<Long> conflicts;

  private BranchMerge(
      Table table,
      String branch,
      String into,
      Snapshot intoHead,
      Snapshot branchHead,
      List<RowChange> changes,
      Set<Long> conflicts) {
    this.table = table;
    this.branch = branch;
    this.into = into;
    this.intoHead = intoHead;
    this.branchHead = branchHead;
    this.changes = changes;
    this.conflicts = conflicts;
  }

  /** Works out what merging {@code branch} into {@code into} would change, and what conflicts. */
  public static BranchMerge plan(Table table, String branch, String into) {
    if (branch.equals(into)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT, "Cannot merge branch '%s' into itself", branch);
    }
    Snapshot branchHead = TableVersions.head(table, branch);
    Snapshot intoHead = TableVersions.head(table, into);
    if (branchHead == null) {
      return new BranchMerge(table, branch, into, intoHead, null, List.of(), Set.of());
    }
    Snapshot[] bases = bases(table, branch, branchHead, intoHead);
    List<RowChange> branchChanges = TableDiff.between(table, bases[0], branchHead);
    if (branchChanges.isEmpty()) {
      return new BranchMerge(table, branch, into, intoHead, branchHead, List.of(), Set.of());
    }
    Map<Long, RowChange> intoChanges = new HashMap<>();
    for (RowChange change : TableDiff.between(table, bases[1], intoHead)) {
      intoChanges.put(change.rowId(), change);
    }
    Set<Long> conflicts = new TreeSet<>();
    for (RowChange change : branchChanges) {
      RowChange other = intoChanges.get(change.rowId());
      if (other != null && !sameChange(change, other)) {
        conflicts.add(change.rowId());
      }
    }
    return new BranchMerge(table, branch, into, intoHead, branchHead, branchChanges, conflicts);
  }

  /** The rows the merge would change on the target. */
  public List<RowChange> changes() {
    return changes;
  }

  /** The row ids both sides changed differently. */
  public Set<Long> conflicts() {
    return conflicts;
  }

  /** MERGE_CONFLICT naming the conflicting rows, when there are any. */
  public void checkConflicts() {
    if (conflicts.isEmpty()) {
      return;
    }
    List<Long> named = conflicts.stream().limit(NAMED).toList();
    throw SheafException.of(
        ErrorCode.MERGE_CONFLICT,
        "Cannot merge branch '%s' into '%s' of table %s: both changed %d row(s), _rowid %s%s"
            + " (DIFF TABLE %s FROM '%s' shows the branch's changes; change the rows on one"
            + " side to match, then merge again)",
        branch,
        into,
        table.name(),
        conflicts.size(),
        named,
        conflicts.size() > NAMED ? " and more" : "",
        simpleName(table),
        into);
  }

  /**
   * Applies the branch's changes to the target as one new version; returns its version number, or
   * -1 when the branch changed nothing. Fails with MERGE_CONFLICT (see {@link #checkConflicts}),
   * DUPLICATE_KEY when an added row takes a key the target holds, or COMMIT_CONFLICT when the
   * target changed since {@link #plan}.
   */
  public long apply() {
    checkConflicts();
    if (changes.isEmpty()) {
      return -1;
    }
    Set<Long> written = new HashSet<>();
    Set<Long> replaced = new HashSet<>();
    for (RowChange change : changes) {
      if (change.kind() != RowChange.Kind.REMOVED) {
        written.add(change.rowId());
      }
      if (change.kind() != RowChange.Kind.ADDED) {
        replaced.add(change.rowId());
      }
    }
    List<Object[]> rows = storedRows(written);
    NewKeys keys =
        NewKeys.of(
            table, rows.stream().map(row -> Arrays.copyOfRange(row, 1, row.length)).toList());
    keys.checkAbsent(intoHead, replaced);
    DataFileWriter writer = new DataFileWriter(table, table.schema(), TableWrites.ROWS_PER_FILE);
    DeleteFile deletes = null;
    try {
      rows.forEach(writer::write);
      List<DataFile> added = writer.finish();
      RowDelta delta = table.newRowDelta();
      delta.set(MERGED_BRANCH, branch);
      delta.set(MERGED_HEAD, String.valueOf(branchHead.snapshotId()));
      if (!replaced.isEmpty()) {
        deletes = RowIdDeletes.write(table, replaced);
        delta.addDeletes(deletes);
      }
      added.forEach(delta::addRows);
      Set<Long> touched = new HashSet<>(written);
      touched.addAll(replaced);
      Expression conflictFilter =
          Expressions.or(
              Expressions.in(IcebergSchemas.ROWID, touched.toArray()), keys.conflictFilter());
      if (intoHead != null) {
        delta
            .validateFromSnapshot(intoHead.snapshotId())
            .conflictDetectionFilter(conflictFilter)
            .validateNoConflictingDataFiles()
            .validateNoConflictingDeleteFiles()
            .validateDeletedFiles();
      }
      if (!into.equals(TableVersions.MAIN)) {
        delta.toBranch(into);
      }
      delta.commit();
    } catch (RuntimeException e) {
      if (TableWrites.outcomeKnown(e)) {
        writer.abort();
        if (deletes != null) {
          table.io().deleteFile(deletes.location());
        }
      }
      throw TableWrites.commitFailure(table, e);
    }
    table.refresh();
    return TableVersions.head(table, into).sequenceNumber();
  }

  /** The branch head's stored rows (every column, {@code _rowid} first) with these row ids. */
  private List<Object[]> storedRows(Set<Long> rowIds) {
    if (rowIds.isEmpty()) {
      return List.of();
    }
    List<String> columns = table.schema().columns().stream().map(NestedField::name).toList();
    TableRowReader reader = new TableRowReader(table, table.schema(), columns);
    Expression filter = Expressions.in(IcebergSchemas.ROWID, rowIds.toArray());
    List<Object[]> rows = new ArrayList<>();
    for (FileScanTask task : reader.plan(branchHead.snapshotId(), filter)) {
      try (CloseableIterator<Object[]> it = reader.read(task, filter)) {
        while (it.hasNext()) {
          Object[] row = it.next();
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

  /**
   * Where the branch's changes and the target's changes start: the branch head the target last
   * merged (and that merge's version), else the version the branch left the target at.
   */
  private static Snapshot[] bases(
      Table table, String branch, Snapshot branchHead, Snapshot intoHead) {
    if (intoHead == null) {
      return new Snapshot[] {null, null};
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(intoHead.snapshotId(), table::snapshot)) {
      String head = snapshot.summary().get(MERGED_HEAD);
      if (head != null
          && branch.equals(snapshot.summary().get(MERGED_BRANCH))
          && SnapshotUtil.isAncestorOf(table, branchHead.snapshotId(), Long.parseLong(head))) {
        return new Snapshot[] {table.snapshot(Long.parseLong(head)), snapshot};
      }
    }
    for (Snapshot snapshot : SnapshotUtil.ancestorsOf(branchHead.snapshotId(), table::snapshot)) {
      if (SnapshotUtil.isAncestorOf(table, intoHead.snapshotId(), snapshot.snapshotId())) {
        return new Snapshot[] {snapshot, snapshot};
      }
    }
    // no shared version (expired): every row of the branch counts as its change
    return new Snapshot[] {null, null};
  }

  private static boolean sameChange(RowChange a, RowChange b) {
    if (a.kind() == RowChange.Kind.REMOVED || b.kind() == RowChange.Kind.REMOVED) {
      return a.kind() == b.kind();
    }
    return a.after() != null && b.after() != null && TableDiff.same(a.after(), b.after());
  }

  private static String simpleName(Table table) {
    String name = table.name();
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
