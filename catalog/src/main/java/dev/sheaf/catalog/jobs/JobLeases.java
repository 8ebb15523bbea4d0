package dev.sheaf.catalog.jobs;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.CatalogConnection;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Leases on backfill jobs in the catalog database, so that of the servers sharing a catalog only
 * one runs a job at a time, and a job whose server died is taken over once its lease expires. A
 * server holds a lease by renewing it before it runs out; taking one is a single conditional UPDATE
 * (or the INSERT of a first lease, which the primary key lets only one server win), atomic in
 * SQLite and PostgreSQL alike.
 *
 * <p>Format: table {@code sheaf_job_leases (job_id PRIMARY KEY, owner, expires_at)}, expiry in
 * epoch milliseconds of the server that took or renewed it (servers' clocks should agree to well
 * within a lease).
 */
public final class JobLeases implements AutoCloseable {
  private final CatalogConnection connection;

  public JobLeases(CatalogConfig config) {
    try {
      this.connection = new CatalogConnection(config);
      try (Statement statement = connection.get().createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS sheaf_job_leases (job_id VARCHAR(64) PRIMARY KEY,"
                + " owner VARCHAR(255) NOT NULL, expires_at BIGINT NOT NULL)");
      }
    } catch (SQLException e) {
      throw new SheafException(
          ErrorCode.CATALOG_ERROR,
          "Cannot open the catalog database for job leases: " + e.getMessage(),
          e);
    }
  }

  /**
   * Takes or renews the lease on a job for {@code owner} until {@code now + millis}: true when the
   * job had no lease, an expired one, or one of this owner.
   */
  public synchronized boolean acquire(String jobId, String owner, long now, long millis) {
    try (PreparedStatement update =
        connection
            .get()
            .prepareStatement(
                "UPDATE sheaf_job_leases SET owner = ?, expires_at = ?"
                    + " WHERE job_id = ? AND (owner = ? OR expires_at < ?)")) {
      update.setString(1, owner);
      update.setLong(2, now + millis);
      update.setString(3, jobId);
      update.setString(4, owner);
      update.setLong(5, now);
      if (update.executeUpdate() == 1) {
        return true;
      }
    } catch (SQLException e) {
      throw failure("take", e);
    }
    if (holder(jobId) != null) {
      return false; // held by another server, and not expired
    }
    try (PreparedStatement insert =
        connection
            .get()
            .prepareStatement(
                "INSERT INTO sheaf_job_leases (job_id, owner, expires_at) VALUES (?, ?, ?)")) {
      insert.setString(1, jobId);
      insert.setString(2, owner);
      insert.setLong(3, now + millis);
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      return false; // another server inserted the job's lease first
    }
  }

  /**
   * Extends a lease this owner holds; false when it no longer holds it (it expired and another
   * server took the job), in which case the owner must stop working on the job.
   */
  public synchronized boolean renew(String jobId, String owner, long now, long millis) {
    try (PreparedStatement update =
        connection
            .get()
            .prepareStatement(
                "UPDATE sheaf_job_leases SET expires_at = ? WHERE job_id = ? AND owner = ?")) {
      update.setLong(1, now + millis);
      update.setString(2, jobId);
      update.setString(3, owner);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure("renew", e);
    }
  }

  /**
   * Takes the lease from {@code from}, whatever its expiry (its holder is known to have ended):
   * true when {@code from} still held it and now {@code owner} does.
   */
  public synchronized boolean takeFrom(
      String jobId, String from, String owner, long now, long millis) {
    try (PreparedStatement update =
        connection
            .get()
            .prepareStatement(
                "UPDATE sheaf_job_leases SET owner = ?, expires_at = ? WHERE job_id = ? AND owner = ?")) {
      update.setString(1, owner);
      update.setLong(2, now + millis);
      update.setString(3, jobId);
      update.setString(4, from);
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure("take", e);
    }
  }

  /** Gives up a lease this owner holds, so another server may take the job at once. */
  public synchronized void release(String jobId, String owner) {
    try (PreparedStatement delete =
        connection
            .get()
            .prepareStatement("DELETE FROM sheaf_job_leases WHERE job_id = ? AND owner = ?")) {
      delete.setString(1, jobId);
      delete.setString(2, owner);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw failure("release", e);
    }
  }

  /** The owner of a job's lease, expired or not, or null when it has none. */
  public synchronized String holder(String jobId) {
    try (PreparedStatement select =
        connection.get().prepareStatement("SELECT owner FROM sheaf_job_leases WHERE job_id = ?")) {
      select.setString(1, jobId);
      try (var rows = select.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  private static SheafException failure(String verb, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR, "Cannot " + verb + " a job lease: " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }
}
