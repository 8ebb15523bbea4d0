package dev.sheaf.catalog.sources;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The rows a source gave: Sheaf row values in the order of {@code columns}, each with where it came
 * from (an origin, such as a file's URI, and a line or row number within it).
 */
public final class SourceRows {
  private final List<SheafColumn> columns;
  private final List<Object[]> rows = new ArrayList<>();
  private final List<String> origins = new ArrayList<>();
  private int[] originOf = new int[1024];
  private long[] lineOf = new long[1024];
  private Set<List<Object>> allKeys;

  public SourceRows(List<SheafColumn> columns) {
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
  }

  /** Starts rows of another origin (a file); returns its index. */
  public int origin(String origin) {
    origins.add(origin);
    return origins.size() - 1;
  }

  public void add(Object[] row, int origin, long line) {
    int index = rows.size();
    if (index == originOf.length) {
      originOf = Arrays.copyOf(originOf, index * 2);
      lineOf = Arrays.copyOf(lineOf, index * 2);
    }
    originOf[index] = origin;
    lineOf[index] = line;
    rows.add(row);
  }

  public List<SheafColumn> columns() {
    return columns;
  }

  public List<Object[]> rows() {
    return rows;
  }

  public int size() {
    return rows.size();
  }

  /** Where row {@code index} came from: its origin's URI. */
  public String origin(int index) {
    return origins.get(originOf[index]);
  }

  /** The line (CSV, header first) or row number (Parquet, PostgreSQL) of row {@code index}. */
  public long line(int index) {
    return lineOf[index];
  }

  /** The keys of every row of the source, when the query asked for them; else null. */
  public Set<List<Object>> allKeys() {
    return allKeys;
  }

  public void allKeys(Set<List<Object>> keys) {
    this.allKeys = keys;
  }

  /** The position of a column, by name (case-insensitive), or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
