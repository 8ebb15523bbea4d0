package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;

/**
 * A table's versions and tags, read from its system tables {@code t$history} and {@code t$refs},
 * and the snapshot a page's version selector names: a version number, or a tag or branch name.
 */
final class TableVersions {
  private final ReadOnlyQueries queries;

  TableVersions(ReadOnlyQueries queries) {
    this.queries = requireNonNull(queries, "queries is null");
  }

  QueryRows history(TableRef table) {
    return queries.run(
        "SELECT * FROM " + table.systemSql("history") + " ORDER BY version DESC", List.of(), 1000);
  }

  QueryRows refs(TableRef table) {
    return queries.run("SELECT * FROM " + table.systemSql("refs"), List.of(), 1000);
  }

  /**
   * {@code table} pinned to what {@code version} names (blank: the current snapshot, or none for a
   * table without versions yet).
   */
  TableRef pin(TableRef table, String version) {
    if (version == null || version.isBlank()) {
      QueryRows current =
          queries.run(
              "SELECT snapshot_id FROM " + table.systemSql("history") + " WHERE is_current",
              List.of(),
              1);
      return table.withSnapshot(current.isEmpty() ? null : snapshot(current));
    }
    String text = version.strip();
    if (text.chars().allMatch(Character::isDigit) && text.length() < 10) {
      QueryRows rows =
          queries.run(
              "SELECT snapshot_id FROM " + table.systemSql("history") + " WHERE version = ?",
              List.of(Integer.parseInt(text)),
              1);
      if (rows.isEmpty()) {
        throw SheafException.of(
            ErrorCode.VERSION_NOT_FOUND,
            "Cannot show version %s of table %s: it has no such version (see its history)",
            text,
            table.name());
      }
      return table.withSnapshot(snapshot(rows));
    }
    QueryRows rows =
        queries.run(
            "SELECT snapshot_id FROM " + table.systemSql("refs") + " WHERE name = ?",
            List.of(text),
            1);
    if (rows.isEmpty()) {
      throw SheafException.of(
          ErrorCode.REFERENCE_NOT_FOUND,
          "Cannot show '%s' of table %s: no tag or branch has that name (see its history)",
          text,
          table.name());
    }
    return table.withSnapshot(snapshot(rows));
  }

  private static long snapshot(QueryRows rows) {
    return Long.parseLong(rows.text(0, "snapshot_id"));
  }
}
