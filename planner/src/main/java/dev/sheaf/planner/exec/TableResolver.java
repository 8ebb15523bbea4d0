package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.iceberg.Table;

/**
 * Resolves a table name written in SQL ({@code t}, {@code schema.t}, {@code sheaf.schema.t}) to a
 * schema and table, as DDL and the statement rewriter need it before Calcite's validator runs.
 */
record TableResolver(String schema, String table) {
  static final String CATALOG = "sheaf";

  static TableResolver of(SqlIdentifier identifier) {
    List<String> names = identifier.names;
    return switch (names.size()) {
      case 1 -> new TableResolver(SheafCatalog.DEFAULT_SCHEMA, names.get(0));
      case 2 -> new TableResolver(names.get(0), names.get(1));
      case 3 -> {
        if (!names.get(0).equals(CATALOG)) {
          throw SheafException.of(
              ErrorCode.SCHEMA_NOT_FOUND,
              "Cannot resolve %s: the only catalog is '%s'",
              identifier,
              CATALOG);
        }
        yield new TableResolver(names.get(1), names.get(2));
      }
      default ->
          throw SheafException.of(
              ErrorCode.INVALID_QUERY, "Cannot resolve %s: too many name parts", identifier);
    };
  }

  Table load(SheafCatalog catalog) {
    return catalog.loadTable(schema, table);
  }

  /** The same identifier with the table part replaced by {@code decorated}. */
  static SqlIdentifier withTablePart(SqlIdentifier identifier, String decorated) {
    return identifier.setName(identifier.names.size() - 1, decorated);
  }
}
