package dev.sheaf.planner.exec;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.SheafType;

/** A column of a statement's result: its name, Sheaf type and nullability. */
public record ResultColumn(String name, SheafType type, boolean nullable) {
  public ResultColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
