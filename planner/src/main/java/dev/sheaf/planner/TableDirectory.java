package dev.sheaf.planner;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.types.SheafColumn;
import java.util.List;
import java.util.Optional;

/**
 * The schemas and tables an engine serves, with their columns and primary keys: what a client's
 * metadata calls (Flight SQL GetTables, GetPrimaryKeys, JDBC DatabaseMetaData) need, without the
 * catalog's own types.
 */
public final class TableDirectory {
  /** The schema a table name without one belongs to. */
  public static final String DEFAULT_SCHEMA = SheafCatalog.DEFAULT_SCHEMA;

  private final SheafCatalog catalog;

  TableDirectory(SheafCatalog catalog) {
    this.catalog = catalog;
  }

  public List<String> schemas() {
    return catalog.schemas();
  }

  public List<String> tables(String schema) {
    return catalog.tables(schema);
  }

  /** The views of a schema (Flight SQL lists them with table type VIEW). */
  public List<String> views(String schema) {
    return catalog.views().names(schema);
  }

  /** The visible columns of a table or view, or empty when there is no such table or view. */
  public Optional<List<SheafColumn>> columns(String schema, String table) {
    Optional<List<SheafColumn>> columns =
        catalog.findTable(schema, table).map(found -> IcebergSchemas.columns(found.schema()));
    if (columns.isEmpty()) {
      return catalog.views().find(schema, table).map(view -> view.columns());
    }
    return columns;
  }

  /** The primary key's columns in order; empty without a key or without the table. */
  public List<String> primaryKey(String schema, String table) {
    return catalog
        .findTable(schema, table)
        .map(found -> IcebergSchemas.primaryKey(found.schema()))
        .orElse(List.of());
  }
}
