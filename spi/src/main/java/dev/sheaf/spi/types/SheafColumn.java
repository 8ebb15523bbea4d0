package dev.sheaf.spi.types;

import static java.util.Objects.requireNonNull;

/** A column of a Sheaf table as users see it. */
public record SheafColumn(String name, SheafType type, boolean nullable) {
  public SheafColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("column name is blank");
    }
  }

  public SheafColumn withName(String newName) {
    return new SheafColumn(newName, type, nullable);
  }
}
