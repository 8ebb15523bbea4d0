package dev.sheaf.catalog.sources;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.CatalogConnection;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The cursor of each (table, source) pair SYNC TABLE ran with, in the catalog database.
 *
 * <p>Format: table {@code sheaf_sync_cursors(table_uuid VARCHAR(64), source_name VARCHAR(255),
 * format_version INTEGER, cursor_column VARCHAR(255), cursor_type VARCHAR(64), cursor_value
 * VARCHAR(4000), updated_at BIGINT, PRIMARY KEY (table_uuid, source_name))}, version 1; the value
 * is the text of a Sheaf row value of {@code cursor_type} ({@link SyncCursor#parse}). Keyed by the
 * table's UUID, so a table dropped and created again starts from the beginning.
 */
public final class SyncCursors implements AutoCloseable {
  static final int FORMAT_VERSION = 1;

  private final CatalogConnection connection;

  public SyncCursors(CatalogConfig config) {
    try {
      this.connection = new CatalogConnection(config);
      try (Statement statement = connection.get().createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS sheaf_sync_cursors (table_uuid VARCHAR(64) NOT NULL,"
                + " source_name VARCHAR(255) NOT NULL, format_version INTEGER NOT NULL,"
                + " cursor_column VARCHAR(255) NOT NULL, cursor_type VARCHAR(64) NOT NULL,"
                + " cursor_value VARCHAR(4000) NOT NULL, updated_at BIGINT NOT NULL,"
                + " PRIMARY KEY (table_uuid, source_name))");
      }
    } catch (SQLException e) {
      throw failure("open", e);
    }
  }

  /** The cursor a sync of the source into the table left, if any. */
  public synchronized Optional<SyncCursor> find(String tableUuid, String source) {
    try (PreparedStatement select =
        connection
            .get()
            .prepareStatement(
                "SELECT format_version, cursor_column, cursor_type, cursor_value FROM"
                    + " sheaf_sync_cursors WHERE table_uuid = ? AND source_name = ?")) {
      select.setString(1, tableUuid);
      select.setString(2, source);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        int version = rows.getInt(1);
        if (version != FORMAT_VERSION) {
          throw SheafException.of(
              ErrorCode.CATALOG_ERROR,
              "Cannot read the sync cursor of source %s: format version expected %d, found %d"
                  + " (upgrade Sheaf)",
              source,
              FORMAT_VERSION,
              version);
        }
        return Optional.of(
            SyncCursor.parse(rows.getString(2), rows.getString(3), rows.getString(4)));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Records the cursor after a sync committed (replacing the one before). */
  public synchronized void save(String tableUuid, String source, SyncCursor cursor) {
    try {
      Connection db = connection.get();
      boolean autoCommit = db.getAutoCommit();
      db.setAutoCommit(false);
      try (PreparedStatement delete =
              db.prepareStatement(
                  "DELETE FROM sheaf_sync_cursors WHERE table_uuid = ? AND source_name = ?");
          PreparedStatement insert =
              db.prepareStatement(
                  "INSERT INTO sheaf_sync_cursors (table_uuid, source_name, format_version,"
                      + " cursor_column, cursor_type, cursor_value, updated_at)"
                      + " VALUES (?,?,?,?,?,?,?)")) {
        delete.setString(1, tableUuid);
        delete.setString(2, source);
        delete.executeUpdate();
        insert.setString(1, tableUuid);
        insert.setString(2, source);
        insert.setInt(3, FORMAT_VERSION);
        insert.setString(4, cursor.column());
        insert.setString(5, cursor.type().toString());
        insert.setString(6, cursor.text());
        insert.setLong(7, System.currentTimeMillis());
        insert.executeUpdate();
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure("save", e);
    }
  }

  private static SheafException failure(String what, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR,
        "Cannot " + what + " a sync cursor in the catalog database: " + e.getMessage(),
        e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing a connection we no longer use
    }
  }
}
