package dev.sheaf.catalog.media;

import dev.sheaf.catalog.config.CatalogConnections;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The pins of media cells that were not checked at insert ({@code on_read} tables), taken at their
 * first read and kept, so that every later read of the same table version reads the same bytes: a
 * changed object is {@code MEDIA_CHANGED}, or its pinned version where the store keeps versions.
 * They live in the catalog database (shared by every server on a shared catalog), never in a new
 * table version: reading does not commit.
 *
 * <p>Format: table {@code sheaf_media_read_pins(table_uuid, snapshot_id, uri, pin)}, primary key
 * (table_uuid, snapshot_id, uri), {@code pin} a {@link StoredPin} text (its own version field);
 * table version 1 (see docs/ARCHITECTURE.md). The first pin written for a key wins; concurrent
 * first reads on several servers all end up with that one.
 */
public final class MediaReadPins {
  private final CatalogConnections connections;
  private volatile boolean created;

  public MediaReadPins(CatalogConnections connections) {
    this.connections = connections;
  }

  /** The kept pin of a URI in a table version, if one was taken. */
  public Optional<StoredPin> find(String tableUuid, long snapshotId, String uri) {
    try {
      return run(
          connection -> {
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT pin FROM sheaf_media_read_pins"
                        + " WHERE table_uuid = ? AND snapshot_id = ? AND uri = ?")) {
              select.setString(1, tableUuid);
              select.setLong(2, snapshotId);
              select.setString(3, uri);
              try (ResultSet result = select.executeQuery()) {
                return result.next()
                    ? Optional.of(StoredPin.decode(result.getString(1)))
                    : Optional.<StoredPin>empty();
              }
            }
          });
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Keeps {@code pin} unless a pin is kept already; returns the kept one. */
  public StoredPin keep(String tableUuid, long snapshotId, String uri, StoredPin pin) {
    try {
      run(
          connection -> {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO sheaf_media_read_pins (table_uuid, snapshot_id, uri, pin)"
                        + " VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (table_uuid, snapshot_id, uri) DO NOTHING")) {
              insert.setString(1, tableUuid);
              insert.setLong(2, snapshotId);
              insert.setString(3, uri);
              insert.setString(4, pin.encode());
              return insert.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw failure("keep", e);
    }
    return find(tableUuid, snapshotId, uri).orElse(pin);
  }

  /** Forgets the pins of a table (DROP TABLE). */
  public void forget(String tableUuid) {
    try {
      run(
          connection -> {
            try (PreparedStatement delete =
                connection.prepareStatement(
                    "DELETE FROM sheaf_media_read_pins WHERE table_uuid = ?")) {
              delete.setString(1, tableUuid);
              return delete.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw failure("forget", e);
    }
  }

  /** Runs work on a pooled connection, the table made first (once). */
  private <T> T run(CatalogConnections.Work<T> work) throws SQLException {
    if (!created) {
      connections.run(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              return statement.execute(
                  "CREATE TABLE IF NOT EXISTS sheaf_media_read_pins (table_uuid VARCHAR(64) NOT"
                      + " NULL, snapshot_id BIGINT NOT NULL, uri TEXT NOT NULL, pin TEXT"
                      + " NOT NULL, PRIMARY KEY (table_uuid, snapshot_id, uri))");
            }
          });
      created = true;
    }
    return connections.run(work);
  }

  private static SheafException failure(String verb, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR,
        "Cannot " + verb + " media read pins in the catalog database: " + e.getMessage(),
        e);
  }
}
