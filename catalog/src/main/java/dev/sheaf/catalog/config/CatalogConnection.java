package dev.sheaf.catalog.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * One JDBC connection to the catalog database for a store that serializes its own calls (jobs, job
 * leases, models): checked ({@link Connection#isValid}) when it was idle for a second or more, and
 * opened again when the database dropped it, so a PostgreSQL restart costs the store's next call a
 * reconnect rather than every call until Sheaf restarts. Not thread-safe beyond {@link #get}: the
 * caller uses the connection under its own lock.
 */
public final class CatalogConnection implements AutoCloseable {
  private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int VALID_TIMEOUT_SECONDS = 5;

  private final CatalogConfig config;
  private Connection connection;
  private long lastUse;

  public CatalogConnection(CatalogConfig config) throws SQLException {
    this.config = config;
    this.connection = config.connect();
    this.lastUse = System.nanoTime();
  }

  /** The connection, checked and reopened when it was idle and the database dropped it. */
  public synchronized Connection get() throws SQLException {
    long now = System.nanoTime();
    if (connection == null
        || connection.isClosed()
        || (now - lastUse >= CHECK_AFTER_NANOS && !connection.isValid(VALID_TIMEOUT_SECONDS))) {
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
    lastUse = now;
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
