package dev.sheaf.catalog.computed;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A computed column's definition: its SQL expression over the row's other columns, whether it is
 * stored, what a failing cell does, and the columns the expression reads.
 *
 * @param name the computed column
 * @param expression the SQL scalar expression, as written in {@code AS (...)}
 * @param abortOnError whether a failing cell fails the statement ({@code ON ERROR ABORT}) rather
 *     than storing NULL and its error ({@code ON ERROR NULL}, the default)
 * @param inputs the columns the expression reads (none of them computed)
 * @param virtual whether the column is computed on every read and never stored ({@code VIRTUAL})
 *     rather than stored when rows are written and filled by a backfill ({@code STORED})
 */
public record ComputedColumn(
    String name, String expression, boolean abortOnError, List<String> inputs, boolean virtual) {
  public ComputedColumn {
    requireNonNull(name, "name is null");
    requireNonNull(expression, "expression is null");
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
  }

  /** The column that holds each cell's error ({@code "CODE: message"}), NULL when it succeeded. */
  public String errorColumn() {
    return errorColumn(name);
  }

  /** The error column of computed column {@code name}: {@code name$error}. */
  public static String errorColumn(String name) {
    return name + ComputedColumns.ERROR_SUFFIX;
  }

  public ComputedColumn withName(String newName) {
    return new ComputedColumn(newName, expression, abortOnError, inputs, virtual);
  }
}
