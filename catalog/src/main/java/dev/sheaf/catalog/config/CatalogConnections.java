package dev.sheaf.catalog.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small pool of JDBC connections to the catalog database, for Sheaf's own tables beside Iceberg's
 * (row ids, media read pins, jobs, leases, models). A connection that sat idle is checked ({@link
 * Connection#isValid}) before it is lent, and a piece of work that fails on a connection that is no
 * longer valid runs once more on a fresh one: after the database restarts (a PostgreSQL restart or
 * failover drops every connection) the next statement reconnects instead of failing until Sheaf
 * restarts. At most {@code size} connections are open; a caller waits for a free one.
 *
 * <p>Work given to {@link #run} must be safe to run again after a dropped connection: it either did
 * not reach the database, or it was rolled back with the connection, or it is idempotent.
 */
public final class CatalogConnections implements AutoCloseable {
  /** A connection idle this long is checked before it is lent. */
  private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final int VALID_TIMEOUT_SECONDS = 5;

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private record Idle(Connection connection, long since) {}

  private final CatalogConfig config;
  private final Semaphore permits;
  private final Deque<Idle> idle = new ArrayDeque<>();
  private int opened;
  private boolean closed;

  public CatalogConnections(CatalogConfig config, int size) {
    this.config = config;
    this.permits = new Semaphore(size, true);
  }

  /**
   * Runs {@code work} as one transaction (committed when it returns, rolled back when it throws),
   * with {@link #run}'s reconnect: work cut off by a dropped connection was rolled back with it.
   */
  public <T> T transaction(Work<T> work) throws SQLException {
    return run(
        connection -> {
          connection.setAutoCommit(false);
          try {
            T result = work.run(connection);
            connection.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            try {
              connection.rollback();
            } catch (SQLException rollback) {
              e.addSuppressed(rollback);
            }
            throw e;
          } finally {
            try {
              connection.setAutoCommit(true);
            } catch (SQLException ignored) {
              // a dropped connection is not given back to the pool
            }
          }
        });
  }

  /** Runs {@code work} on a lent connection, once more on a fresh one if the connection dropped. */
  public <T> T run(Work<T> work) throws SQLException {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for a catalog database connection", e);
    }
    try {
      Connection connection = lend();
      try {
        T result = work.run(connection);
        giveBack(connection);
        return result;
      } catch (SQLException | RuntimeException e) {
        if (valid(connection)) {
          giveBack(connection);
          throw e;
        }
        closeQuietly(connection);
        // the database dropped the connection (a restart): reconnect and run the work again
        Connection fresh = open();
        try {
          T result = work.run(fresh);
          giveBack(fresh);
          return result;
        } catch (SQLException | RuntimeException again) {
          again.addSuppressed(e);
          if (valid(fresh)) {
            giveBack(fresh);
          } else {
            closeQuietly(fresh);
          }
          throw again;
        }
      }
    } finally {
      permits.release();
    }
  }

  /** How many connections this pool has opened over its life (reconnects included). */
  public synchronized int opened() {
    return opened;
  }

  private Connection lend() throws SQLException {
    while (true) {
      Idle next;
      synchronized (this) {
        if (closed) {
          throw new SQLException("The catalog database connections are closed");
        }
        next = idle.pollFirst();
      }
      if (next == null) {
        return open();
      }
      if (System.nanoTime() - next.since() < CHECK_AFTER_NANOS || valid(next.connection())) {
        return next.connection();
      }
      closeQuietly(next.connection());
    }
  }

  private Connection open() throws SQLException {
    Connection connection = config.connect();
    synchronized (this) {
      opened++;
    }
    return connection;
  }

  private void giveBack(Connection connection) {
    synchronized (this) {
      if (!closed) {
        idle.addFirst(new Idle(connection, System.nanoTime()));
        return;
      }
    }
    closeQuietly(connection);
  }

  private static boolean valid(Connection connection) {
    try {
      return !connection.isClosed() && connection.isValid(VALID_TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // a dropped connection has nothing left to release
    }
  }

  @Override
  public void close() {
    Deque<Idle> left;
    synchronized (this) {
      closed = true;
      left = new ArrayDeque<>(idle);
      idle.clear();
    }
    for (Idle connection : left) {
      closeQuietly(connection.connection());
    }
  }
}
