package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.TableDirectory;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;

/**
 * A table a page shows, checked against the engine's table list, pinned to one snapshot (the
 * version or tag the page's selector chose, or the current one when the page was opened), so that
 * the grid, its next page and its thumbnails all read the same version.
 *
 * @param schema the schema
 * @param table the table
 * @param snapshotId the snapshot read, or null for the current one
 */
public record TableRef(String schema, String table, Long snapshotId) {
  public TableRef {
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
  }

  /**
   * The table {@code name} names ({@code table} or {@code schema.table}), refused with
   * TABLE_NOT_FOUND unless the directory lists it.
   */
  public static TableRef find(TableDirectory directory, String name, Long snapshotId) {
    if (name == null || name.isBlank()) {
      throw SheafException.of(ErrorCode.INVALID_ARGUMENT, "Cannot show a table: name one");
    }
    int dot = name.indexOf('.');
    String schema = dot < 0 ? TableDirectory.DEFAULT_SCHEMA : name.substring(0, dot);
    String table = dot < 0 ? name : name.substring(dot + 1);
    List<String> tables =
        directory.schemas().contains(schema) ? directory.tables(schema) : List.of();
    if (!tables.contains(table)) {
      throw SheafException.of(
          ErrorCode.TABLE_NOT_FOUND,
          "Cannot show table '%s': there is no such table (the tables page lists them)",
          name);
    }
    return new TableRef(schema, table, snapshotId);
  }

  public TableRef withSnapshot(Long snapshot) {
    return new TableRef(schema, table, snapshot);
  }

  /** The name the pages use in links: {@code table}, or {@code schema.table} off the default. */
  public String name() {
    return schema.equals(TableDirectory.DEFAULT_SCHEMA) ? table : schema + "." + table;
  }

  /** The table read at its pinned snapshot, with the hidden {@code _rowid} column, for FROM. */
  public String rowsSql() {
    return quote(schema)
        + "."
        + quote(table + (snapshotId == null ? "" : "@snapshot=" + snapshotId) + "+rowid");
  }

  /** One of the table's system tables ({@code history}, {@code refs}), for FROM. */
  public String systemSql(String system) {
    return quote(schema) + "." + quote(table + "$" + system);
  }

  /** A SQL identifier in double quotes. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
