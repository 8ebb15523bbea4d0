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
import java.util.ArrayList;
import java.util.List;

/**
 * The rows syncs could not write (a NULL key or NOT NULL column, a key twice in the source), kept
 * with their run so they can be queried ({@code sys.sync_errors}) and fixed at the source.
 *
 * <p>Format: table {@code sheaf_sync_errors(run_id VARCHAR(64), format_version INTEGER,
 * schema_name, table_name, source_uri VARCHAR(4000), line BIGINT, row_key VARCHAR(4000), code
 * VARCHAR(64), message VARCHAR(4000), recorded_at BIGINT)}, version 1, indexed by run.
 */
public final class SyncErrorStore implements AutoCloseable {
  static final int FORMAT_VERSION = 1;
  private static final int TEXT = 4000;

  private final CatalogConnection connection;

  public SyncErrorStore(CatalogConfig config) {
    try {
      this.connection = new CatalogConnection(config);
      try (Statement statement = connection.get().createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS sheaf_sync_errors (run_id VARCHAR(64) NOT NULL,"
                + " format_version INTEGER NOT NULL, schema_name VARCHAR(255),"
                + " table_name VARCHAR(255), source_uri VARCHAR(4000) NOT NULL, line BIGINT NOT"
                + " NULL, row_key VARCHAR(4000), code VARCHAR(64) NOT NULL,"
                + " message VARCHAR(4000) NOT NULL, recorded_at BIGINT NOT NULL)");
        statement.execute(
            "CREATE INDEX IF NOT EXISTS sheaf_sync_errors_run ON sheaf_sync_errors (run_id)");
      }
    } catch (SQLException e) {
      throw failure("open", e);
    }
  }

  /** Adds a run's errors, all or none. */
  public synchronized void record(List<SyncError> errors) {
    if (errors.isEmpty()) {
      return;
    }
    try {
      Connection db = connection.get();
      boolean autoCommit = db.getAutoCommit();
      db.setAutoCommit(false);
      try (PreparedStatement insert =
          db.prepareStatement(
              "INSERT INTO sheaf_sync_errors (run_id, format_version, schema_name, table_name,"
                  + " source_uri, line, row_key, code, message, recorded_at)"
                  + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
        long now = System.currentTimeMillis();
        for (SyncError error : errors) {
          insert.setString(1, error.runId());
          insert.setInt(2, FORMAT_VERSION);
          insert.setString(3, error.schema());
          insert.setString(4, error.table());
          insert.setString(5, clip(error.sourceUri()));
          insert.setLong(6, error.line());
          insert.setString(7, error.rowKey() == null ? null : clip(error.rowKey()));
          insert.setString(8, error.code());
          insert.setString(9, clip(error.message()));
          insert.setLong(10, now);
          insert.addBatch();
        }
        insert.executeBatch();
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure("record", e);
    }
  }

  /** Every recorded error, oldest first. */
  public synchronized List<SyncError> list() {
    List<SyncError> errors = new ArrayList<>();
    try (PreparedStatement select =
        connection
            .get()
            .prepareStatement(
                "SELECT run_id, format_version, schema_name, table_name, source_uri, line,"
                    + " row_key, code, message FROM sheaf_sync_errors ORDER BY recorded_at")) {
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          int version = rows.getInt(2);
          if (version != FORMAT_VERSION) {
            throw SheafException.of(
                ErrorCode.CATALOG_ERROR,
                "Cannot read a sync error: format version expected %d, found %d (upgrade Sheaf)",
                FORMAT_VERSION,
                version);
          }
          errors.add(
              new SyncError(
                  rows.getString(1),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getLong(6),
                  rows.getString(7),
                  rows.getString(8),
                  rows.getString(9)));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return errors;
  }

  private static String clip(String text) {
    return text.length() <= TEXT ? text : text.substring(0, TEXT);
  }

  private static SheafException failure(String what, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR,
        "Cannot " + what + " sync errors in the catalog database: " + e.getMessage(),
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
