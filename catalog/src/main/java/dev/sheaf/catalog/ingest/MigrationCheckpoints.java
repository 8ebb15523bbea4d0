package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.CatalogConnection;
import dev.sheaf.catalog.provenance.EntryFilter;
import dev.sheaf.catalog.provenance.ProvenanceEntry;
import dev.sheaf.catalog.provenance.ProvenanceStore;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Migration runs and the checkpoint of each of their objects, in the catalog database, so a run
 * stopped anywhere (a crash, a kill, a restart) resumes where it stopped.
 *
 * <p>Format, version 1 ({@code format_version} in each row; another version fails on read with
 * "expected 1, found N"): {@code sheaf_ingest_runs(run_id PRIMARY KEY, format_version, source,
 * destination, table_name, column_name, job_id, created_at)} and {@code
 * sheaf_ingest_objects(run_id, source_uri, format_version, state, source_etag, dest_uri, size,
 * sha256, expected_etag, dest_etag, dest_version, error_code, message, table_version, updated_at)},
 * primary key (run_id, source_uri); {@code state} is an {@link ObjectCheckpoint.State}. Writes are
 * upserts ({@code INSERT ... ON CONFLICT DO UPDATE}, SQLite and PostgreSQL) gathered by a {@link
 * CheckpointLog} into one transaction per batch. No credentials are stored: URIs are the user's own
 * text, and listing files refuse URLs with user info.
 */
public final class MigrationCheckpoints implements AutoCloseable {
  static final int FORMAT_VERSION = 1;

  private static final String OBJECT_COLUMNS =
      "source_uri, state, source_etag, dest_uri, size, sha256, expected_etag, dest_etag,"
          + " dest_version, error_code, message, table_version, updated_at, format_version";

  private final CatalogConnection connection;
  private final CheckpointLog log;
  private final ProvenanceStore provenance;

  /** Checkpoints without provenance (tests of the copy alone). */
  public MigrationCheckpoints(CatalogConfig config) {
    this(config, null);
  }

  /** Checkpoints whose COPIED entries are recorded in {@code provenance} first (null: none). */
  public MigrationCheckpoints(CatalogConfig config, ProvenanceStore provenance) {
    this.provenance = provenance;
    try {
      this.connection = new CatalogConnection(config);
      try (Statement statement = connection.get().createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS sheaf_ingest_runs (run_id VARCHAR(64) PRIMARY KEY,"
                + " format_version INTEGER NOT NULL, source VARCHAR(4000) NOT NULL,"
                + " destination VARCHAR(4000) NOT NULL, table_name VARCHAR(512),"
                + " column_name VARCHAR(255), job_id VARCHAR(64), created_at BIGINT NOT NULL)");
        statement.execute(
            "CREATE TABLE IF NOT EXISTS sheaf_ingest_objects (run_id VARCHAR(64) NOT NULL,"
                + " source_uri VARCHAR(2000) NOT NULL, format_version INTEGER NOT NULL,"
                + " state VARCHAR(16) NOT NULL, source_etag VARCHAR(200), dest_uri VARCHAR(2000),"
                + " size BIGINT, sha256 VARCHAR(64), expected_etag VARCHAR(80),"
                + " dest_etag VARCHAR(200), dest_version VARCHAR(200), error_code VARCHAR(64),"
                + " message VARCHAR(2000), table_version BIGINT, updated_at BIGINT NOT NULL,"
                + " PRIMARY KEY (run_id, source_uri))");
      }
    } catch (SQLException e) {
      throw failure("open", e);
    }
    this.log = new CheckpointLog(this::writeBatch);
  }

  /**
   * Records a run unless it is recorded already; returns the job id it has (the given one if new).
   */
  public synchronized String recordRun(MigrationRun run, String jobId) {
    try {
      Connection db = connection.get();
      try (PreparedStatement select =
          db.prepareStatement("SELECT job_id FROM sheaf_ingest_runs WHERE run_id = ?")) {
        select.setString(1, run.id());
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            return rows.getString(1);
          }
        }
      }
      try (PreparedStatement insert =
          db.prepareStatement(
              "INSERT INTO sheaf_ingest_runs (run_id, format_version, source, destination,"
                  + " table_name, column_name, job_id, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
        insert.setString(1, run.id());
        insert.setInt(2, FORMAT_VERSION);
        insert.setString(3, run.source().toString());
        insert.setString(4, run.destination().toString());
        insert.setString(5, run.table());
        insert.setString(6, run.column());
        insert.setString(7, jobId);
        insert.setLong(8, System.currentTimeMillis());
        insert.executeUpdate();
      }
      return jobId;
    } catch (SQLException e) {
      throw failure("record", e);
    }
  }

  /** The run a job runs, if it is a migration's job. */
  public synchronized java.util.Optional<MigrationRun> runOfJob(String jobId) {
    try (PreparedStatement select =
        connection
            .get()
            .prepareStatement(
                "SELECT run_id, format_version, source, destination, table_name, column_name"
                    + " FROM sheaf_ingest_runs WHERE job_id = ?")) {
      select.setString(1, jobId);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return java.util.Optional.empty();
        }
        checkVersion(rows.getInt(2), rows.getString(1));
        return java.util.Optional.of(
            new MigrationRun(
                rows.getString(1),
                java.net.URI.create(rows.getString(3)),
                java.net.URI.create(rows.getString(4)),
                rows.getString(5),
                rows.getString(6)));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** The ids of every recorded run, in id order. */
  public synchronized List<String> runIds() {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement select =
            connection
                .get()
                .prepareStatement("SELECT run_id FROM sheaf_ingest_runs ORDER BY run_id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return ids;
  }

  /** Every object checkpoint of a run, by source URI (pending writes flushed first). */
  public Map<String, ObjectCheckpoint> objects(String runId) {
    log.flush();
    Map<String, ObjectCheckpoint> objects = new HashMap<>();
    for (ObjectCheckpoint checkpoint : select(runId, null)) {
      objects.put(checkpoint.source(), checkpoint);
    }
    return objects;
  }

  /** The objects of a run in one state (every state when null), in source order. */
  public List<ObjectCheckpoint> objects(String runId, ObjectCheckpoint.State state) {
    log.flush();
    return select(runId, state);
  }

  private synchronized List<ObjectCheckpoint> select(String runId, ObjectCheckpoint.State state) {
    String sql =
        "SELECT "
            + OBJECT_COLUMNS
            + " FROM sheaf_ingest_objects WHERE run_id = ?"
            + (state == null ? "" : " AND state = ?")
            + " ORDER BY source_uri";
    List<ObjectCheckpoint> objects = new ArrayList<>();
    try (PreparedStatement select = connection.get().prepareStatement(sql)) {
      select.setString(1, runId);
      if (state != null) {
        select.setString(2, state.name());
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          checkVersion(rows.getInt(14), runId);
          objects.add(
              new ObjectCheckpoint(
                  rows.getString(1),
                  ObjectCheckpoint.State.valueOf(rows.getString(2)),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getLong(5),
                  rows.getString(6),
                  rows.getString(7),
                  rows.getString(8),
                  rows.getString(9),
                  rows.getString(10),
                  rows.getString(11),
                  rows.getLong(12),
                  rows.getLong(13)));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    return objects;
  }

  /** Records that an object is about to be written; returns once that is durable. */
  public void pending(String runId, PendingCopy copy) {
    await(
        log.write(
            runId,
            new ObjectCheckpoint(
                copy.source().toString(),
                ObjectCheckpoint.State.PENDING,
                copy.sourceEtag(),
                copy.destination().toString(),
                copy.size(),
                copy.sha256(),
                copy.expectedEtag(),
                null,
                null,
                null,
                null,
                0,
                System.currentTimeMillis())));
  }

  /** Waits for a write; its failure is thrown as it was raised. */
  private static void await(java.util.concurrent.CompletableFuture<Void> write) {
    try {
      write.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** Records a checked copy (written with the next batch). */
  public void copied(String runId, CopiedObject copy) {
    copied(runId, copy, null);
  }

  /**
   * Records a checked copy and its provenance entry (null for none), the entry stored first, in the
   * same batch.
   */
  public void copied(String runId, CopiedObject copy, ProvenanceEntry entry) {
    log.write(
        runId,
        new ObjectCheckpoint(
            copy.source().toString(),
            ObjectCheckpoint.State.COPIED,
            null,
            copy.destination().uri().toString(),
            copy.destination().size(),
            copy.sha256(),
            null,
            copy.destination().etag(),
            copy.destination().versionId(),
            null,
            null,
            0,
            System.currentTimeMillis()),
        entry);
  }

  /** Whether a run's provenance already has an entry for a destination object. */
  public boolean hasProvenance(String runId, String destination) {
    return provenance != null
        && !provenance.entries(new EntryFilter(runId, null, null, null, destination), 1).isEmpty();
  }

  /**
   * The table version a run's provenance names for a destination object, when its entry was
   * recorded with one (its row landed).
   */
  public java.util.Optional<Long> landedVersion(String runId, String destination) {
    if (provenance == null) {
      return java.util.Optional.empty();
    }
    return provenance.entries(new EntryFilter(runId, null, null, null, destination), 1).stream()
        .map(ProvenanceEntry::snapshotId)
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  /** Where this store records provenance, or null when it records none. */
  public ProvenanceStore provenance() {
    return provenance;
  }

  /** Records that an object's copy failed (written with the next batch). */
  public void failed(String runId, java.net.URI source, SheafException error) {
    String message = error.getMessage();
    log.write(
        runId,
        new ObjectCheckpoint(
            source.toString(),
            ObjectCheckpoint.State.FAILED,
            null,
            null,
            0,
            null,
            null,
            null,
            null,
            error.code().name(),
            message.length() > 2000 ? message.substring(0, 2000) : message,
            0,
            System.currentTimeMillis()));
  }

  /** Records that objects' rows landed in table version {@code snapshotId}, durably. */
  public void registered(String runId, List<CopiedObject> copies, long snapshotId) {
    List<java.util.concurrent.CompletableFuture<Void>> writes = new ArrayList<>();
    for (CopiedObject copy : copies) {
      writes.add(
          log.write(
              runId,
              new ObjectCheckpoint(
                  copy.source().toString(),
                  ObjectCheckpoint.State.REGISTERED,
                  null,
                  copy.destination().uri().toString(),
                  copy.destination().size(),
                  copy.sha256(),
                  null,
                  copy.destination().etag(),
                  copy.destination().versionId(),
                  null,
                  null,
                  snapshotId,
                  System.currentTimeMillis())));
    }
    writes.forEach(MigrationCheckpoints::await);
  }

  /** Waits until every checkpoint written so far is durable. */
  public void flush() {
    log.flush();
  }

  /** Forgets a run's object checkpoints and the run (a finished run started over). */
  public synchronized void forget(String runId) {
    log.flush();
    try (PreparedStatement objects =
            connection.get().prepareStatement("DELETE FROM sheaf_ingest_objects WHERE run_id = ?");
        PreparedStatement runs =
            connection.get().prepareStatement("DELETE FROM sheaf_ingest_runs WHERE run_id = ?")) {
      objects.setString(1, runId);
      objects.executeUpdate();
      runs.setString(1, runId);
      runs.executeUpdate();
    } catch (SQLException e) {
      throw failure("forget", e);
    }
  }

  private synchronized void writeBatch(List<CheckpointLog.Entry> batch) throws SQLException {
    List<ProvenanceEntry> entries = new ArrayList<>();
    for (CheckpointLog.Entry entry : batch) {
      if (entry.provenance() != null) {
        entries.add(entry.provenance());
      }
    }
    if (provenance != null) {
      provenance.record(entries);
    }
    Connection db = connection.get();
    db.setAutoCommit(false);
    try (PreparedStatement upsert =
        db.prepareStatement(
            "INSERT INTO sheaf_ingest_objects (run_id, "
                + OBJECT_COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, source_uri) DO"
                + " UPDATE SET state = excluded.state, source_etag ="
                + " COALESCE(excluded.source_etag, sheaf_ingest_objects.source_etag), dest_uri ="
                + " COALESCE(excluded.dest_uri, sheaf_ingest_objects.dest_uri), size ="
                + " excluded.size, sha256 = COALESCE(excluded.sha256, sheaf_ingest_objects.sha256),"
                + " expected_etag = COALESCE(excluded.expected_etag,"
                + " sheaf_ingest_objects.expected_etag), dest_etag = excluded.dest_etag,"
                + " dest_version = excluded.dest_version, error_code = excluded.error_code,"
                + " message = excluded.message, table_version = excluded.table_version,"
                + " updated_at = excluded.updated_at")) {
      for (CheckpointLog.Entry entry : batch) {
        ObjectCheckpoint c = entry.checkpoint();
        upsert.setString(1, entry.runId());
        upsert.setString(2, c.source());
        upsert.setString(3, c.state().name());
        upsert.setString(4, c.sourceEtag());
        upsert.setString(5, c.destination());
        upsert.setLong(6, c.size());
        upsert.setString(7, c.sha256());
        upsert.setString(8, c.expectedEtag());
        upsert.setString(9, c.destinationEtag());
        upsert.setString(10, c.destinationVersion());
        upsert.setString(11, c.errorCode());
        upsert.setString(12, c.message());
        upsert.setLong(13, c.tableVersion());
        upsert.setLong(14, c.updatedAt());
        upsert.setInt(15, FORMAT_VERSION);
        upsert.addBatch();
      }
      upsert.executeBatch();
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  private static void checkVersion(int version, String runId) {
    if (version != FORMAT_VERSION) {
      throw SheafException.of(
          ErrorCode.CATALOG_ERROR,
          "Cannot read migration %s: format version expected %d, found %d (upgrade Sheaf)",
          runId,
          FORMAT_VERSION,
          version);
    }
  }

  private static SheafException failure(String verb, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR, "Cannot " + verb + " migration checkpoints: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    log.close();
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }
}
