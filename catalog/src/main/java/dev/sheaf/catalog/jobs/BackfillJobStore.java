package dev.sheaf.catalog.jobs;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.CatalogConnection;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Background jobs (backfills and index builds: column {@code kind}) in the catalog database, so a
 * job outlives the server that started it and every server on a shared catalog sees it.
 *
 * <p>Format: table {@code sheaf_jobs}, one row per job, with a {@code format_version} column
 * (version 1; a row of another version fails on read with "expected 1, found N"); see
 * docs/ARCHITECTURE.md. Which chunks are done is not stored here: it is read from the table itself
 * (a data file that holds the column is filled), so a chunk's commit and its progress can never
 * disagree.
 */
public final class BackfillJobStore implements AutoCloseable {
  static final int FORMAT_VERSION = 1;

  private static final String COLUMNS =
      "job_id, format_version, table_uuid, schema_name, table_name, column_name, state,"
          + " rows_total, rows_done, errors, rows_filled, work_ms, message, created_at,"
          + " updated_at, kind";

  private final CatalogConnection connection;

  public BackfillJobStore(CatalogConfig config) {
    try {
      this.connection = new CatalogConnection(config);
      try (Statement statement = connection.get().createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS sheaf_jobs (job_id VARCHAR(64) PRIMARY KEY,"
                + " format_version INTEGER NOT NULL, table_uuid VARCHAR(64) NOT NULL,"
                + " schema_name VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL,"
                + " column_name VARCHAR(255) NOT NULL, state VARCHAR(16) NOT NULL,"
                + " rows_total BIGINT NOT NULL, rows_done BIGINT NOT NULL, errors BIGINT NOT NULL,"
                + " rows_filled BIGINT NOT NULL, work_ms BIGINT NOT NULL, message VARCHAR(2000),"
                + " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, kind VARCHAR(16))");
      }
      addKind();
    } catch (SQLException e) {
      throw new SheafException(
          ErrorCode.CATALOG_ERROR,
          "Cannot open the catalog database for jobs: " + e.getMessage(),
          e);
    }
  }

  /**
   * Adds the {@code kind} column to a jobs table made before jobs had kinds (its rows read as
   * BACKFILL: NULL kind); an older server keeps reading the table, it names its columns.
   */
  private void addKind() throws SQLException {
    try (Statement probe = connection.get().createStatement()) {
      probe.executeQuery("SELECT kind FROM sheaf_jobs WHERE 1 = 0").close();
    } catch (SQLException missing) {
      try (Statement alter = connection.get().createStatement()) {
        alter.execute("ALTER TABLE sheaf_jobs ADD COLUMN kind VARCHAR(16)");
      }
    }
  }

  /** Records a new job. */
  public synchronized void create(BackfillJob job) {
    try (PreparedStatement insert =
        connection
            .get()
            .prepareStatement(
                "INSERT INTO sheaf_jobs ("
                    + COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      insert.setString(1, job.id());
      insert.setInt(2, FORMAT_VERSION);
      insert.setString(3, job.tableUuid());
      insert.setString(4, job.schema());
      insert.setString(5, job.table());
      insert.setString(6, job.column());
      insert.setString(7, job.state().name());
      insert.setLong(8, job.rowsTotal());
      insert.setLong(9, job.rowsDone());
      insert.setLong(10, job.errors());
      insert.setLong(11, job.rowsFilled());
      insert.setLong(12, job.workMillis());
      insert.setString(13, job.message());
      insert.setLong(14, job.createdAt());
      insert.setLong(15, job.updatedAt());
      insert.setString(16, job.kind().name());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw failure("record", e);
    }
  }

  /** Stores a job's state and progress. */
  public synchronized void update(BackfillJob job) {
    try (PreparedStatement update =
        connection
            .get()
            .prepareStatement(
                "UPDATE sheaf_jobs SET state = ?, rows_total = ?, rows_done = ?, errors = ?,"
                    + " rows_filled = ?, work_ms = ?, message = ?, updated_at = ? WHERE job_id = ?")) {
      update.setString(1, job.state().name());
      update.setLong(2, job.rowsTotal());
      update.setLong(3, job.rowsDone());
      update.setLong(4, job.errors());
      update.setLong(5, job.rowsFilled());
      update.setLong(6, job.workMillis());
      update.setString(7, job.message());
      update.setLong(8, job.updatedAt());
      update.setString(9, job.id());
      update.executeUpdate();
    } catch (SQLException e) {
      throw failure("update", e);
    }
  }

  /** Every job, oldest first. */
  public synchronized List<BackfillJob> list() {
    List<BackfillJob> jobs = new ArrayList<>();
    try (PreparedStatement select =
            connection
                .get()
                .prepareStatement(
                    "SELECT " + COLUMNS + " FROM sheaf_jobs ORDER BY created_at, job_id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        int version = rows.getInt(2);
        if (version != FORMAT_VERSION) {
          throw SheafException.of(
              ErrorCode.CATALOG_ERROR,
              "Cannot read job %s: format version expected %d, found %d (upgrade Sheaf)",
              rows.getString(1),
              FORMAT_VERSION,
              version);
        }
        jobs.add(
            new BackfillJob(
                rows.getString(1),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                BackfillJob.State.valueOf(rows.getString(7)),
                rows.getLong(8),
                rows.getLong(9),
                rows.getLong(10),
                rows.getLong(11),
                rows.getLong(12),
                rows.getString(13),
                rows.getLong(14),
                rows.getLong(15),
                rows.getString(16) == null
                    ? BackfillJob.Kind.BACKFILL
                    : BackfillJob.Kind.valueOf(rows.getString(16))));
      }
    } catch (SQLException e) {
      throw failure("list", e);
    }
    return List.copyOf(jobs);
  }

  private static SheafException failure(String verb, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR, "Cannot " + verb + " backfill jobs: " + e.getMessage(), e);
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
