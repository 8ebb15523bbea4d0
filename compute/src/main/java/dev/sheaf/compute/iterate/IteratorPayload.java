package dev.sheaf.compute.iterate;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.SheafType;

/**
 * A column of an iterator's rows computed from the base media cell when read: {@code expression} is
 * SQL over the row's columns where {@code {input}} stands for the base media column.
 */
public record IteratorPayload(String name, SheafType type, String expression) {
  public IteratorPayload {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(expression, "expression is null");
  }

  /** The expression with {@code {input}} replaced by a quoted column name. */
  public String expressionFor(String inputColumn) {
    return expression.replace("{input}", "\"" + inputColumn.replace("\"", "\"\"") + "\"");
  }
}
