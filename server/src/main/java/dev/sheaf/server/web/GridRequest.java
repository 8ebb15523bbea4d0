package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.TypeKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What a grid page shows, checked against the table's columns: the image column of the thumbnails,
 * the columns written beside them, the filter, the order, and which page. Without a sort column the
 * rows come in {@code _rowid} order and a page starts after the last row id of the one before
 * (keyset paging: the same cost on page 1 and page 20,000); with one, pages are LIMIT/OFFSET.
 *
 * @param table the table, pinned to one snapshot
 * @param columns every column of the table (for the checks and the form)
 * @param thumb the IMAGE column shown as thumbnails, or null
 * @param shown the columns written beside each thumbnail
 * @param where the filter
 * @param sort the column sorted on, or null for row order
 * @param descending whether the sort is descending
 * @param after the last row id of the previous page (row order only), or null
 * @param page the page number (sorted only), from 0
 * @param size rows a page
 */
record GridRequest(
    TableRef table,
    List<ResultColumn> columns,
    String thumb,
    List<String> shown,
    WhereFilter where,
    String sort,
    boolean descending,
    Long after,
    int page,
    int size) {
  static final int DEFAULT_SIZE = 48;
  static final int MAX_SIZE = 500;
  static final String ROWID = "_rowid";

  GridRequest {
    requireNonNull(table, "table is null");
    columns = List.copyOf(columns);
    shown = List.copyOf(shown);
    requireNonNull(where, "where is null");
  }

  /** The grid {@code exchange} asks for, over {@code table} whose columns are {@code columns}. */
  static GridRequest of(WebExchange exchange, TableRef table, List<ResultColumn> columns) {
    List<ResultColumn> visible =
        columns.stream().filter(column -> !column.name().equals(ROWID)).toList();
    List<String> names = visible.stream().map(ResultColumn::name).toList();
    String thumb = exchange.parameter("thumb");
    if (thumb == null) {
      thumb =
          visible.stream()
              .filter(column -> column.type().kind() == TypeKind.IMAGE)
              .map(ResultColumn::name)
              .findFirst()
              .orElse(null);
    } else if (thumb.isBlank()) {
      thumb = null;
    } else {
      String name = thumb;
      if (visible.stream()
          .noneMatch(c -> c.name().equals(name) && c.type().kind() == TypeKind.IMAGE)) {
        throw SheafException.of(
            ErrorCode.COLUMN_NOT_FOUND,
            "Cannot show thumbnails of '%s': table %s has no IMAGE column of that name",
            thumb,
            table.name());
      }
    }
    List<String> shown = new ArrayList<>();
    String cols = exchange.parameter("cols");
    if (cols == null) {
      for (ResultColumn column : visible) {
        if (shown.size() < 3 && !column.type().isMedia() && !column.name().endsWith("$error")) {
          shown.add(column.name());
        }
      }
    } else {
      for (String part : cols.split(",")) {
        String name = part.strip();
        if (name.isEmpty()) {
          continue;
        }
        if (!names.contains(name)) {
          throw unknown(name, table, names);
        }
        shown.add(name);
      }
    }
    String sort = exchange.parameter("sort");
    if (sort != null && sort.isBlank()) {
      sort = null;
    }
    if (sort != null && !names.contains(sort)) {
      throw unknown(sort, table, names);
    }
    long size = number(exchange.parameter("n"), DEFAULT_SIZE, "n");
    if (size < 1 || size > MAX_SIZE) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT, "Cannot show %d rows a page: give 1 to %d", size, MAX_SIZE);
    }
    String after = exchange.parameter("after");
    return new GridRequest(
        table,
        visible,
        thumb,
        shown,
        new WhereFilter(exchange.parameter("where")),
        sort,
        "1".equals(exchange.parameter("desc")) || "on".equals(exchange.parameter("desc")),
        sort == null && after != null && !after.isBlank() ? number(after, 0, "after") : null,
        sort == null ? 0 : (int) Math.min(number(exchange.parameter("page"), 0, "page"), 1 << 30),
        (int) size);
  }

  /**
   * The query of this page: row ids, the shown columns, one row more than a page (to know whether
   * there is a next page).
   */
  String sql() {
    StringBuilder sql = new StringBuilder("SELECT ").append(ROWID);
    for (String column : shown) {
      sql.append(", ").append(TableRef.quote(column));
    }
    sql.append(" FROM ").append(table.rowsSql());
    String clause = where.clause();
    if (after != null) {
      clause = (clause.isEmpty() ? " WHERE " : clause + " AND ") + ROWID + " > " + after;
    }
    sql.append(clause);
    if (sort == null) {
      sql.append(" ORDER BY ").append(ROWID);
    } else {
      sql.append(" ORDER BY ")
          .append(TableRef.quote(sort))
          .append(descending ? " DESC" : "")
          .append(", ")
          .append(ROWID);
    }
    sql.append(" LIMIT ").append(size + 1);
    if (sort != null && page > 0) {
      sql.append(" OFFSET ").append((long) page * size);
    }
    return sql.toString();
  }

  private static long number(String text, long fallback, String name) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.strip());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT, "Cannot read %s '%s': give a whole number", name, text);
    }
  }

  private static SheafException unknown(String name, TableRef table, List<String> names) {
    return SheafException.of(
        ErrorCode.COLUMN_NOT_FOUND,
        "Cannot show column '%s': table %s has no such column (its columns: %s)",
        name,
        table.name(),
        String.join(", ", names));
  }
}
