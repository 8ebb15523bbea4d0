package dev.sheaf.catalog;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * Reads a table's current metadata file location straight from the JDBC catalog's table list: one
 * indexed row lookup, without reading or parsing the metadata file as loading the table does. The
 * location names a table version (every commit writes a new metadata file), so this is how cached
 * plans check they are still current.
 */
final class MetadataLocations {
  /** Iceberg's JDBC catalog table layout (schema V1: tables and views share the table). */
  private static final String QUERY =
      "SELECT metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?"
          + " AND table_name = ? AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)";

  private static final String VIEW_QUERY =
      "SELECT metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ?"
          + " AND table_name = ? AND iceberg_type = 'VIEW'";

  private final JdbcClientPool connections;
  private final String catalogName;

  MetadataLocations(JdbcClientPool connections, String catalogName) {
    this.connections = connections;
    this.catalogName = catalogName;
  }

  /** The current metadata file of {@code schema.table}, or empty when there is no such table. */
  Optional<String> current(String schema, String table) {
    return read(QUERY, schema, table);
  }

  /** The current metadata file of the view {@code schema.view}, or empty when there is none. */
  Optional<String> currentView(String schema, String view) {
    return read(VIEW_QUERY, schema, view);
  }

  private Optional<String> read(String query, String schema, String table) {
    try {
      return connections.run(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(query)) {
              statement.setString(1, catalogName);
              statement.setString(2, schema);
              statement.setString(3, table);
              try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
              }
            }
          });
    } catch (SQLException e) {
      throw new SheafException(
          ErrorCode.CATALOG_ERROR,
          "Cannot read the version of table '" + schema + "." + table + "': " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SheafException(
          ErrorCode.CANCELLED, "Cannot read the version of a table: interrupted", e);
    }
  }
}
