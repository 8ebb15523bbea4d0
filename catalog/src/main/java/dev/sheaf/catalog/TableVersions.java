package dev.sheaf.catalog;

import static dev.sheaf.spi.error.ErrorCode.REFERENCE_ALREADY_EXISTS;
import static dev.sheaf.spi.error.ErrorCode.REFERENCE_NOT_FOUND;
import static dev.sheaf.spi.error.ErrorCode.VERSION_NOT_FOUND;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

/**
 * A table's versions: every Iceberg snapshot is a version, numbered by its sequence number (1, 2,
 * 3, ... in commit order); tags and branches are named references to versions.
 */
public final class TableVersions {
  /** The branch that unqualified reads and writes use. */
  public static final String MAIN = SnapshotRef.MAIN_BRANCH;

  private TableVersions() {}

  /** The head of a branch (main when null), or null when the branch has no version yet. */
  public static Snapshot head(Table table, String branch) {
    if (branch == null || branch.equals(MAIN)) {
      return table.currentSnapshot();
    }
    SnapshotRef ref = table.refs().get(branch);
    if (ref != null && ref.isTag()) {
      throw SheafException.of(
          ErrorCode.READ_ONLY_VERSION,
          "Cannot use tag '%s' of table %s as a branch: a tag is a fixed, read-only version (read"
              + " it with FOR VERSION AS OF '%s'; to write, CREATE BRANCH ... ON %s VERSION '%s')",
          branch,
          table.name(),
          branch,
          table.name(),
          branch);
    }
    if (ref == null) {
      throw SheafException.of(
          REFERENCE_NOT_FOUND,
          "Cannot use branch '%s' of table %s: it does not exist (CREATE BRANCH %s ON %s first)",
          branch,
          table.name(),
          branch,
          table.name());
    }
    return table.snapshot(ref.snapshotId());
  }

  /** The version with the given number. */
  public static Snapshot byVersion(Table table, long version) {
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.sequenceNumber() == version) {
        return snapshot;
      }
    }
    throw SheafException.of(
        VERSION_NOT_FOUND,
        "Cannot read version %d of table %s: no such version (SELECT * FROM \"%s$history\" lists"
            + " them; expired versions are gone)",
        version,
        table.name(),
        simpleName(table));
  }

  /** The version a tag or branch points at. */
  public static Snapshot byReference(Table table, String name) {
    SnapshotRef ref = table.refs().get(name);
    if (ref == null) {
      throw SheafException.of(
          REFERENCE_NOT_FOUND,
          "Cannot read version '%s' of table %s: no tag or branch has that name",
          name,
          table.name());
    }
    return table.snapshot(ref.snapshotId());
  }

  /** The version that was current on main at a time (epoch milliseconds). */
  public static Snapshot asOf(Table table, long epochMillis) {
    Snapshot found = null;
    for (var entry : table.history()) {
      if (entry.timestampMillis() <= epochMillis) {
        found = table.snapshot(entry.snapshotId());
      }
    }
    if (found == null) {
      throw SheafException.of(
          VERSION_NOT_FOUND,
          "Cannot read table %s as of %s: the table had no version then",
          table.name(),
          java.time.Instant.ofEpochMilli(epochMillis));
    }
    return found;
  }

  /** The schema a version was written with; the current schema when there is no version. */
  public static Schema schema(Table table, Snapshot snapshot) {
    if (snapshot == null || snapshot.schemaId() == null) {
      return table.schema();
    }
    return table.schemas().getOrDefault(snapshot.schemaId(), table.schema());
  }

  /** Creates (or with replace, moves) a tag or branch to a snapshot. */
  public static void createReference(
      Table table, String name, boolean branch, long snapshotId, boolean replace) {
    SnapshotRef existing = table.refs().get(name);
    if (existing != null && !replace) {
      throw SheafException.of(
          REFERENCE_ALREADY_EXISTS,
          "Cannot create %s '%s' on table %s: a %s with that name exists (use CREATE OR REPLACE)",
          branch ? "branch" : "tag",
          name,
          table.name(),
          existing.isBranch() ? "branch" : "tag");
    }
    if (name.equals(MAIN)) {
      throw SheafException.of(
          REFERENCE_ALREADY_EXISTS, "Cannot create '%s': it is the table's main branch", name);
    }
    var manage = table.manageSnapshots();
    if (existing != null && existing.isBranch() != branch) {
      manage = existing.isBranch() ? manage.removeBranch(name) : manage.removeTag(name);
      existing = null;
    }
    if (existing == null) {
      manage = branch ? manage.createBranch(name, snapshotId) : manage.createTag(name, snapshotId);
    } else {
      manage =
          branch ? manage.replaceBranch(name, snapshotId) : manage.replaceTag(name, snapshotId);
    }
    manage.commit();
  }

  /** Drops a tag or branch; returns false when it did not exist. */
  public static boolean dropReference(Table table, String name, boolean branch) {
    SnapshotRef existing = table.refs().get(name);
    if (existing == null || existing.isBranch() != branch) {
      return false;
    }
    var manage = table.manageSnapshots();
    (branch ? manage.removeBranch(name) : manage.removeTag(name)).commit();
    return true;
  }

  /**
   * Expires versions committed before a time, except those a tag or branch points at and the
   * current version; files no remaining version references are deleted.
   */
  public static int expire(Table table, long olderThanMillis) {
    int before = size(table.snapshots());
    table
        .expireSnapshots()
        .expireOlderThan(olderThanMillis)
        .retainLast(1)
        .cleanupLevel(org.apache.iceberg.ExpireSnapshots.CleanupLevel.ALL)
        .commit();
    table.refresh();
    return before - size(table.snapshots());
  }

  /** Names of the tags and branches pointing at each snapshot. */
  public static Map<Long, List<String>> referencesBySnapshot(Table table) {
    Map<Long, List<String>> refs = new java.util.HashMap<>();
    for (var entry : table.refs().entrySet()) {
      refs.computeIfAbsent(entry.getValue().snapshotId(), id -> new ArrayList<>())
          .add(entry.getKey());
    }
    refs.values().forEach(list -> list.sort(String::compareTo));
    return refs;
  }

  private static int size(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }

  private static String simpleName(Table table) {
    String name = table.name();
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
