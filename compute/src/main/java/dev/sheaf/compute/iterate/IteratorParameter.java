package dev.sheaf.compute.iterate;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.SheafType;

/** A named argument of a {@link MediaIterator}, with the value used when a call leaves it out. */
public record IteratorParameter(String name, SheafType type, Object defaultValue) {
  public IteratorParameter {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
