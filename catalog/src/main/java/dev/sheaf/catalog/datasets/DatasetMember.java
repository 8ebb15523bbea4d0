package dev.sheaf.catalog.datasets;

import static java.util.Objects.requireNonNull;

/**
 * A table of a dataset: its name when the dataset was made, and its Iceberg table UUID, so a member
 * dropped (or renamed, and another table given its name) is told apart from the table it was.
 */
public record DatasetMember(String schema, String table, String tableUuid) {
  public DatasetMember {
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
    requireNonNull(tableUuid, "tableUuid is null");
  }

  /** {@code schema.table}. */
  public String qualifiedName() {
    return schema + "." + table;
  }
}
