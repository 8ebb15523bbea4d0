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

  public TableDirectory(SheafCatalog catalog) {
    this.catalog = catalog;
  }

  public List<String> schemas() {
    return catalog.schemas();
  }

  /** The tables of a schema, iterator views left out (they are listed with the views). */
  public List<String> tables(String schema) {
    return catalog.tables(schema).stream().filter(table -> !isIteratorView(schema, table)).toList();
  }

  /** The views of a schema (Flight SQL lists them with table type VIEW). */
  public List<String> views(String schema) {
    List<String> views = new java.util.ArrayList<>(catalog.views().names(schema));
    catalog.tables(schema).stream()
        .filter(table -> isIteratorView(schema, table))
        .forEach(views::add);
    return views.stream().sorted().toList();
  }

  /**
   * Whether a table holds an iterator view's rows (each table's metadata is read to know; a table
   * whose metadata cannot be read is a table).
   */
  private boolean isIteratorView(String schema, String table) {
    try {
      return catalog
          .findTable(schema, table)
          .map(found -> dev.sheaf.planner.views.IteratorViewDefinition.of(found).isPresent())
          .orElse(false);
    } catch (RuntimeException e) {
      // a table whose metadata cannot be read now is listed as a table, as before views
      return false;
    }
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
