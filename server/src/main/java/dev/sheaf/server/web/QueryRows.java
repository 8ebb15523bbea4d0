package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The rows of a query the pages ran, small enough to render: column names, and per row the values
 * as text ({@code byte[]} for binary cells, null for NULL).
 *
 * @param columns the result's column names
 * @param rows the values, one list per row
 */
public record QueryRows(List<String> columns, List<List<Object>> rows) {
  public QueryRows {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(rows, "rows is null");
    rows = List.copyOf(rows);
  }

  public int column(String name) {
    return columns.indexOf(name);
  }

  /** The value of {@code name} in row {@code row} as text, or null. */
  public String text(int row, String name) {
    int index = column(name);
    if (index < 0) {
      return null;
    }
    Object value = rows.get(row).get(index);
    return value == null ? null : value.toString();
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }
}
