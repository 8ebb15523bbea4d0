package dev.sheaf.catalog.config;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One JDBC connection to the catalog database for a store that serializes its own calls (jobs, job
 * leases, models): checked ({@link Connection#isValid}, one round trip) before every use, since the
 * background job threads use it often enough that an idle threshold would hand out a connection the
 * database had just dropped, and opened again when the database dropped it, so a PostgreSQL restart
 * costs the store's next call a reconnect rather than every call until Sheaf restarts. Not
 * thread-safe beyond {@link #get}: the caller uses the connection under its own lock.
 */
public final class CatalogConnection implements AutoCloseable {
  private static final int VALID_TIMEOUT_SECONDS = 5;

  private final CatalogConfig config;
  private Connection connection;

  public CatalogConnection(CatalogConfig config) throws SQLException {
    this.config = config;
    this.connection = config.connect();
  }

  /** The connection, checked and reopened when it was idle and the database dropped it. */
  public synchronized Connection get() throws SQLException {
    if (connection == null || connection.isClosed() || !connection.isValid(VALID_TIMEOUT_SECONDS)) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // a dropped connection has nothing left to release
        }
      }
      connection = null;
      connection = config.connect();
    }
    return connection;
  }

  @Override
  public synchronized void close() throws SQLException {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
