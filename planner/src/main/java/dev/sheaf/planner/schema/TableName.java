package dev.sheaf.planner.schema;

import static java.util.Objects.requireNonNull;

/**
 * A table name as the planner resolves it: a table, optionally pinned to a snapshot or a branch,
 * optionally exposing {@code _rowid}, or one of its system tables. The text form is what SQL names:
 * {@code images}, {@code "images@branch=dev"} (read or write a branch), {@code "images$history"};
 * {@code @snapshot=<id>} and {@code +rowid} are written by Sheaf's statement rewriter only.
 */
public record TableName(
    String table, Long snapshotId, String branch, boolean withRowId, String systemTable) {
  private static final String SNAPSHOT = "@snapshot=";
  private static final String BRANCH = "@branch=";
  private static final String ROWID = "+rowid";

  public TableName {
    requireNonNull(table, "table is null");
    if (snapshotId != null && branch != null) {
      throw new IllegalArgumentException("a table name pins a snapshot or a branch, not both");
    }
  }

  public static TableName of(String table) {
    return new TableName(table, null, null, false, null);
  }

  public TableName withSnapshot(long snapshot) {
    return new TableName(table, snapshot, null, withRowId, systemTable);
  }

  public TableName withRowIdColumn() {
    return new TableName(table, snapshotId, branch, true, systemTable);
  }

  /** Reads the text form; a name without decorations is a plain table name. */
  public static TableName parse(String name) {
    String rest = name;
    boolean rowId = false;
    if (rest.endsWith(ROWID)) {
      rowId = true;
      rest = rest.substring(0, rest.length() - ROWID.length());
    }
    String system = null;
    int dollar = rest.lastIndexOf('$');
    if (dollar > 0) {
      system = rest.substring(dollar + 1);
      rest = rest.substring(0, dollar);
    }
    int snapshot = rest.indexOf(SNAPSHOT);
    if (snapshot > 0) {
      try {
        long id = Long.parseLong(rest.substring(snapshot + SNAPSHOT.length()));
        return new TableName(rest.substring(0, snapshot), id, null, rowId, system);
      } catch (NumberFormatException e) {
        return new TableName(name, null, null, false, null);
      }
    }
    int branch = rest.indexOf(BRANCH);
    if (branch > 0) {
      return new TableName(
          rest.substring(0, branch), null, rest.substring(branch + BRANCH.length()), rowId, system);
    }
    return new TableName(rest, null, null, rowId, system);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(table);
    if (snapshotId != null) {
      text.append(SNAPSHOT).append(snapshotId);
    }
    if (branch != null) {
      text.append(BRANCH).append(branch);
    }
    if (systemTable != null) {
      text.append('$').append(systemTable);
    }
    if (withRowId) {
      text.append(ROWID);
    }
    return text.toString();
  }
}
