package dev.sheaf.catalog.provenance;

import dev.sheaf.catalog.config.CatalogConnections;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where rows and media came from: one row per ingest or sync run ({@code sheaf_provenance_runs})
 * and one per row or object it brought in ({@code sheaf_provenance}), in the catalog database so
 * every server on a shared catalog answers the same. Read in SQL as {@code sys.provenance_runs} and
 * {@code sys.provenance}.
 *
 * <p>Format version 1 (column {@code format_version} of the runs table). Entries of a run are
 * written in batches, each batch in one transaction, so a reader never sees half a batch.
 */
public final class ProvenanceStore {
  static final int FORMAT_VERSION = 1;

  private static final String RUN_COLUMNS =
      "run_id, format_version, kind, source, schema_name, table_name, state, snapshot_id, items,"
          + " bytes, errors, message, started_at, finished_at";

  private static final String ENTRY_COLUMNS =
      "run_id, schema_name, table_name, row_key, source_uri, destination_uri, size_bytes, sha256,"
          + " snapshot_id, recorded_at";

  private final CatalogConnections connections;
  private volatile boolean created;

  public ProvenanceStore(CatalogConnections connections) {
    this.connections = connections;
  }

  /** Records a run as it starts. */
  public void startRun(ProvenanceRun run) {
    write(
        "record",
        "INSERT INTO sheaf_provenance_runs ("
            + RUN_COLUMNS
            + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        insert -> {
          insert.setString(1, run.runId());
          insert.setInt(2, FORMAT_VERSION);
          insert.setString(3, run.kind());
          insert.setString(4, run.source());
          insert.setString(5, run.schema());
          insert.setString(6, run.table());
          insert.setString(7, run.state().name());
          setLong(insert, 8, run.snapshotId());
          insert.setLong(9, run.items());
          insert.setLong(10, run.bytes());
          insert.setLong(11, run.errors());
          insert.setString(12, run.message());
          insert.setLong(13, run.startedAt());
          setLong(insert, 14, run.finishedAt());
        });
  }

  /** Stores a run's state, counts, version and message. */
  public void updateRun(ProvenanceRun run) {
    write(
        "update",
        "UPDATE sheaf_provenance_runs SET state = ?, snapshot_id = ?, items = ?, bytes = ?,"
            + " errors = ?, message = ?, finished_at = ?, schema_name = ?, table_name = ?"
            + " WHERE run_id = ?",
        update -> {
          update.setString(1, run.state().name());
          setLong(update, 2, run.snapshotId());
          update.setLong(3, run.items());
          update.setLong(4, run.bytes());
          update.setLong(5, run.errors());
          update.setString(6, run.message());
          setLong(update, 7, run.finishedAt());
          update.setString(8, run.schema());
          update.setString(9, run.table());
          update.setString(10, run.runId());
        });
  }

  /** Adds entries, all or none (one transaction). */
  public void record(List<ProvenanceEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try {
      createTables();
      connections.transaction(
          connection -> {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO sheaf_provenance ("
                        + ENTRY_COLUMNS
                        + ") VALUES (?,?,?,?,?,?,?,?,?,?)")) {
              for (ProvenanceEntry entry : entries) {
                insert.setString(1, entry.runId());
                insert.setString(2, entry.schema());
                insert.setString(3, entry.table());
                insert.setString(4, entry.rowKey());
                insert.setString(5, entry.sourceUri());
                insert.setString(6, entry.destinationUri());
                setLong(insert, 7, entry.size());
                insert.setString(8, entry.sha256());
                setLong(insert, 9, entry.snapshotId());
                insert.setLong(10, entry.recordedAt());
                insert.addBatch();
              }
              return insert.executeBatch();
            }
          });
    } catch (SQLException e) {
      throw failure("record", e);
    }
  }

  /** Sets the table version of a run's entries that have none yet (after the run's commit). */
  public void landed(String runId, long snapshotId) {
    write(
        "update",
        "UPDATE sheaf_provenance SET snapshot_id = ? WHERE run_id = ? AND snapshot_id IS NULL",
        update -> {
          update.setLong(1, snapshotId);
          update.setString(2, runId);
        });
  }

  /** One run, if recorded. */
  public Optional<ProvenanceRun> run(String runId) {
    List<ProvenanceRun> found = readRuns(" WHERE run_id = ?", runId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Every run, oldest first. */
  public List<ProvenanceRun> runs() {
    return readRuns("", null);
  }

  /**
   * The entries that match {@code filter}, in the order they were recorded, at most {@code limit}.
   */
  public List<ProvenanceEntry> entries(EntryFilter filter, int limit) {
    List<String> values = new ArrayList<>();
    StringBuilder where = new StringBuilder();
    condition(where, values, "run_id", filter.runId());
    condition(where, values, "schema_name", filter.schema());
    condition(where, values, "table_name", filter.table());
    condition(where, values, "row_key", filter.rowKey());
    condition(where, values, "destination_uri", filter.destinationUri());
    String sql =
        "SELECT " + ENTRY_COLUMNS + " FROM sheaf_provenance" + where + " ORDER BY entry_id LIMIT ?";
    try {
      return run(
          connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
              int index = 1;
              for (String value : values) {
                select.setString(index++, value);
              }
              select.setInt(index, limit);
              List<ProvenanceEntry> entries = new ArrayList<>();
              try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                  entries.add(
                      new ProvenanceEntry(
                          rows.getString(1),
                          rows.getString(2),
                          rows.getString(3),
                          rows.getString(4),
                          rows.getString(5),
                          rows.getString(6),
                          getLong(rows, 7),
                          rows.getString(8),
                          getLong(rows, 9),
                          rows.getLong(10)));
                }
              }
              return List.copyOf(entries);
            }
          });
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  private static void condition(
      StringBuilder where, List<String> values, String column, String value) {
    if (value != null) {
      where.append(where.isEmpty() ? " WHERE " : " AND ").append(column).append(" = ?");
      values.add(value);
    }
  }

  private List<ProvenanceRun> readRuns(String where, String runId) {
    try {
      return run(
          connection -> {
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT "
                        + RUN_COLUMNS
                        + " FROM sheaf_provenance_runs"
                        + where
                        + " ORDER BY started_at, run_id")) {
              if (runId != null) {
                select.setString(1, runId);
              }
              List<ProvenanceRun> runs = new ArrayList<>();
              try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                  runs.add(runOf(rows));
                }
              }
              return List.copyOf(runs);
            }
          });
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  private static ProvenanceRun runOf(ResultSet rows) throws SQLException {
    int version = rows.getInt(2);
    if (version != FORMAT_VERSION) {
      throw SheafException.of(
          ErrorCode.CATALOG_ERROR,
          "Cannot read provenance run %s: format version expected %d, found %d (upgrade Sheaf)",
          rows.getString(1),
          FORMAT_VERSION,
          version);
    }
    return new ProvenanceRun(
        rows.getString(1),
        rows.getString(3),
        rows.getString(4),
        rows.getString(5),
        rows.getString(6),
        ProvenanceRun.State.valueOf(rows.getString(7)),
        getLong(rows, 8),
        rows.getLong(9),
        rows.getLong(10),
        rows.getLong(11),
        rows.getString(12),
        rows.getLong(13),
        getLong(rows, 14));
  }

  /** A statement's parameters. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private void write(String verb, String sql, Binder binder) {
    try {
      run(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              binder.bind(statement);
              return statement.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw failure(verb, e);
    }
  }

  private <T> T run(CatalogConnections.Work<T> work) throws SQLException {
    createTables();
    return connections.run(work);
  }

  /** Makes the store's tables, once. */
  private void createTables() throws SQLException {
    if (!created) {
      connections.run(this::create);
      created = true;
    }
  }

  private Void create(Connection connection) throws SQLException {
    boolean postgres = connection.getMetaData().getDatabaseProductName().contains("PostgreSQL");
    String entryId =
        postgres ? "entry_id BIGSERIAL PRIMARY KEY" : "entry_id INTEGER PRIMARY KEY AUTOINCREMENT";
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sheaf_provenance_runs (run_id VARCHAR(64) PRIMARY KEY,"
              + " format_version INTEGER NOT NULL, kind VARCHAR(32) NOT NULL, source TEXT NOT NULL,"
              + " schema_name VARCHAR(255), table_name VARCHAR(255), state VARCHAR(16) NOT NULL,"
              + " snapshot_id BIGINT, items BIGINT NOT NULL, bytes BIGINT NOT NULL,"
              + " errors BIGINT NOT NULL, message TEXT, started_at BIGINT NOT NULL,"
              + " finished_at BIGINT)");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sheaf_provenance ("
              + entryId
              + ", run_id VARCHAR(64) NOT NULL, schema_name VARCHAR(255),"
              + " table_name VARCHAR(255), row_key TEXT, source_uri TEXT NOT NULL,"
              + " destination_uri TEXT, size_bytes BIGINT, sha256 VARCHAR(64), snapshot_id BIGINT,"
              + " recorded_at BIGINT NOT NULL)");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS sheaf_provenance_row ON sheaf_provenance"
              + " (schema_name, table_name, row_key)");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS sheaf_provenance_run ON sheaf_provenance (run_id)");
    }
    return null;
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static Long getLong(ResultSet rows, int index) throws SQLException {
    long value = rows.getLong(index);
    return rows.wasNull() ? null : value;
  }

  private static SheafException failure(String verb, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR,
        "Cannot " + verb + " provenance in the catalog database: " + e.getMessage(),
        e);
  }
}
