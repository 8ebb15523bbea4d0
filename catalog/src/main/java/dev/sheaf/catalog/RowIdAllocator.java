package dev.sheaf.catalog;

import dev.sheaf.catalog.config.CatalogConnections;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Hands out ranges of {@code _rowid} values per table from the catalog database, so that row ids
 * are unique across every server sharing the catalog and are never reused, even when a commit fails
 * after its ids were taken (the range is simply skipped).
 *
 * <p>Format: table {@code sheaf_rowids(table_uuid, next_rowid)}, version 1 (see
 * docs/ARCHITECTURE.md).
 */
final class RowIdAllocator {
  private final CatalogConnections connections;

  RowIdAllocator(CatalogConnections connections) {
    this.connections = connections;
    try {
      connections.run(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              return statement.execute(
                  "CREATE TABLE IF NOT EXISTS sheaf_rowids ("
                      + "table_uuid VARCHAR(64) PRIMARY KEY, next_rowid BIGINT NOT NULL)");
            }
          });
    } catch (SQLException e) {
      throw new SheafException(
          ErrorCode.CATALOG_ERROR,
          "Cannot open the catalog database for row ids: " + e.getMessage(),
          e);
    }
  }

  /**
   * Reserves {@code count} row ids for the table and returns the first. A range whose transaction
   * was cut off by a dropped connection is taken again on a fresh one; if the first had committed,
   * its range is skipped, never handed out twice.
   */
  long allocate(String tableUuid, long count) {
    try {
      return connections.transaction(connection -> allocate(connection, tableUuid, count));
    } catch (SQLException e) {
      throw new SheafException(
          ErrorCode.CATALOG_ERROR, "Cannot allocate row ids: " + e.getMessage(), e);
    }
  }

  private static long allocate(Connection connection, String tableUuid, long count)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sheaf_rowids (table_uuid, next_rowid) VALUES (?, 0)"
                + " ON CONFLICT (table_uuid) DO NOTHING")) {
      insert.setString(1, tableUuid);
      insert.executeUpdate();
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE sheaf_rowids SET next_rowid = next_rowid + ? WHERE table_uuid = ?"
                + " RETURNING next_rowid")) {
      update.setLong(1, count);
      update.setString(2, tableUuid);
      try (ResultSet result = update.executeQuery()) {
        result.next();
        return result.getLong(1) - count;
      }
    }
  }
}
