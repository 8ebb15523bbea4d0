package dev.sheaf.catalog.datasets;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Datasets and their commits in the catalog database: {@code sheaf_datasets} (name, format version
 * 1), {@code sheaf_dataset_members} (the tables, in order), {@code sheaf_dataset_commits} (number,
 * tag, message) and {@code sheaf_dataset_versions} (each member's snapshot in a commit). A commit
 * reads every member's current version and records it in one transaction of the catalog database,
 * the database that also holds Iceberg's table pointers, so a write to a member is either in the
 * commit or not, never half.
 */
public final class DatasetStore {
  static final int FORMAT_VERSION = 1;

  private final CatalogConnections connections;
  private volatile boolean created;

  public DatasetStore(CatalogConnections connections) {
    this.connections = connections;
  }

  /** Records a new dataset; DATASET_ALREADY_EXISTS when the name is taken. */
  public void create(Dataset dataset) {
    try {
      transaction(
          connection -> {
            if (find(connection, dataset.name()).isPresent()) {
              throw SheafException.of(
                  ErrorCode.DATASET_ALREADY_EXISTS,
                  "Cannot create dataset %s: it already exists (DROP DATASET it first, or use"
                      + " CREATE DATASET IF NOT EXISTS)",
                  dataset.name());
            }
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO sheaf_datasets (name, format_version, created_at) VALUES"
                        + " (?,?,?)")) {
              insert.setString(1, dataset.name());
              insert.setInt(2, FORMAT_VERSION);
              insert.setLong(3, dataset.createdAt());
              insert.executeUpdate();
            }
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO sheaf_dataset_members (dataset, member_no, schema_name,"
                        + " table_name, table_uuid) VALUES (?,?,?,?,?)")) {
              int position = 0;
              for (DatasetMember member : dataset.members()) {
                insert.setString(1, dataset.name());
                insert.setInt(2, position++);
                insert.setString(3, member.schema());
                insert.setString(4, member.table());
                insert.setString(5, member.tableUuid());
                insert.addBatch();
              }
              insert.executeBatch();
            }
            return null;
          });
    } catch (SQLException e) {
      throw failure("create", e);
    }
  }

  /** Forgets a dataset and its commits; false when there was none. */
  public boolean drop(String name) {
    try {
      return transaction(
          connection -> {
            for (String table :
                List.of(
                    "sheaf_dataset_versions", "sheaf_dataset_commits", "sheaf_dataset_members")) {
              try (PreparedStatement delete =
                  connection.prepareStatement("DELETE FROM " + table + " WHERE dataset = ?")) {
                delete.setString(1, name);
                delete.executeUpdate();
              }
            }
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM sheaf_datasets WHERE name = ?")) {
              delete.setString(1, name);
              return delete.executeUpdate() > 0;
            }
          });
    } catch (SQLException e) {
      throw failure("drop", e);
    }
  }

  /** The dataset of that name, if there is one. */
  public Optional<Dataset> find(String name) {
    try {
      return run(connection -> find(connection, name));
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** The dataset of that name; DATASET_NOT_FOUND when there is none. */
  public Dataset get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                SheafException.of(
                    ErrorCode.DATASET_NOT_FOUND,
                    "Cannot find dataset %s (SELECT * FROM sys.datasets lists them; CREATE"
                        + " DATASET %s (t1, t2, ...) makes one)",
                    name,
                    name));
  }

  /** Every dataset, by name. */
  public List<Dataset> list() {
    try {
      return run(
          connection -> {
            List<String> names = new ArrayList<>();
            try (Statement select = connection.createStatement();
                ResultSet rows =
                    select.executeQuery("SELECT name FROM sheaf_datasets ORDER BY name")) {
              while (rows.next()) {
                names.add(rows.getString(1));
              }
            }
            List<Dataset> datasets = new ArrayList<>();
            for (String name : names) {
              find(connection, name).ifPresent(datasets::add);
            }
            return List.copyOf(datasets);
          });
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /**
   * Records a commit of {@code dataset}: the versions {@code versions} reads, numbered after the
   * last commit, in one transaction. REFERENCE_ALREADY_EXISTS when {@code tag} names a commit
   * already.
   */
  public DatasetCommit commit(
      Dataset dataset, String tag, String message, MemberVersions versions) {
    SQLException last = null;
    for (int attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      try {
        return transaction(connection -> commit(connection, dataset, tag, message, versions));
      } catch (SQLException e) {
        if (tag != null && commitByTag(dataset.name(), tag).isPresent()) {
          throw SheafException.of(
              ErrorCode.REFERENCE_ALREADY_EXISTS,
              "Cannot tag a commit of dataset %s '%s': commit '%s' exists (choose another tag)",
              dataset.name(),
              tag,
              tag);
        }
        // another server took the same commit number first: number this one after it
        last = e;
      }
    }
    throw failure("commit", last);
  }

  private static final int COMMIT_ATTEMPTS = 5;

  private static DatasetCommit commit(
      Connection connection, Dataset dataset, String tag, String message, MemberVersions versions)
      throws SQLException {
    long createdAt = System.currentTimeMillis();
    // writing first takes the database's write lock before the members' versions are read
    // (SQLite: Iceberg's commits wait until this one ends; PostgreSQL: one statement reads them)
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sheaf_dataset_commits (dataset, commit_no, tag, message, created_at)"
                + " SELECT ?, COALESCE(MAX(commit_no), 0) + 1, ?, ?, ? FROM"
                + " sheaf_dataset_commits WHERE dataset = ?")) {
      insert.setString(1, dataset.name());
      insert.setString(2, tag);
      insert.setString(3, message);
      insert.setLong(4, createdAt);
      insert.setString(5, dataset.name());
      insert.executeUpdate();
    }
    long number;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT MAX(commit_no) FROM sheaf_dataset_commits WHERE dataset = ?")) {
      select.setString(1, dataset.name());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        number = rows.getLong(1);
      }
    }
    List<CommittedMember> members = versions.read(connection, dataset.members());
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sheaf_dataset_versions (dataset, commit_no, member_no, schema_name,"
                + " table_name, table_uuid, snapshot_id, version) VALUES (?,?,?,?,?,?,?,?)")) {
      int position = 0;
      for (CommittedMember member : members) {
        insert.setString(1, dataset.name());
        insert.setLong(2, number);
        insert.setInt(3, position++);
        insert.setString(4, member.member().schema());
        insert.setString(5, member.member().table());
        insert.setString(6, member.member().tableUuid());
        if (member.snapshotId() == null) {
          insert.setNull(7, Types.BIGINT);
        } else {
          insert.setLong(7, member.snapshotId());
        }
        insert.setLong(8, member.version());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return new DatasetCommit(dataset.name(), number, tag, message, createdAt, members);
  }

  /**
   * The snapshots of table {@code tableUuid} that dataset commits name, by the Iceberg tag that
   * keeps each ({@link DatasetCommit#retentionTag}).
   */
  public Map<String, Long> keptSnapshots(String tableUuid) {
    try {
      return run(
          connection -> {
            Map<String, Long> kept = new LinkedHashMap<>();
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT dataset, commit_no, snapshot_id FROM sheaf_dataset_versions WHERE"
                        + " table_uuid = ? AND snapshot_id IS NOT NULL")) {
              select.setString(1, tableUuid);
              try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                  kept.put(
                      DatasetCommit.retentionTag(rows.getString(1), rows.getLong(2)),
                      rows.getLong(3));
                }
              }
            }
            return kept;
          });
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Every commit of a dataset, oldest first. */
  public List<DatasetCommit> commits(String dataset) {
    try {
      return run(connection -> readCommits(connection, dataset, null, null));
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** Commit {@code number} of a dataset, if there is one. */
  public Optional<DatasetCommit> commit(String dataset, long number) {
    try {
      return run(connection -> readCommits(connection, dataset, number, null).stream().findFirst());
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  /** The commit of a dataset tagged {@code tag}, if there is one. */
  public Optional<DatasetCommit> commitByTag(String dataset, String tag) {
    try {
      return run(connection -> commitByTag(connection, dataset, tag));
    } catch (SQLException e) {
      throw failure("read", e);
    }
  }

  private Optional<DatasetCommit> commitByTag(Connection connection, String dataset, String tag)
      throws SQLException {
    return readCommits(connection, dataset, null, tag).stream().findFirst();
  }

  private List<DatasetCommit> readCommits(
      Connection connection, String dataset, Long number, String tag) throws SQLException {
    String where = number != null ? " AND commit_no = ?" : tag != null ? " AND tag = ?" : "";
    Map<Long, Object[]> heads = new LinkedHashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT commit_no, tag, message, created_at FROM sheaf_dataset_commits WHERE"
                + " dataset = ?"
                + where
                + " ORDER BY commit_no")) {
      select.setString(1, dataset);
      if (number != null) {
        select.setLong(2, number);
      } else if (tag != null) {
        select.setString(2, tag);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          heads.put(
              rows.getLong(1),
              new Object[] {rows.getString(2), rows.getString(3), rows.getLong(4)});
        }
      }
    }
    List<DatasetCommit> commits = new ArrayList<>();
    for (var head : heads.entrySet()) {
      List<CommittedMember> members = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT schema_name, table_name, table_uuid, snapshot_id, version FROM"
                  + " sheaf_dataset_versions WHERE dataset = ? AND commit_no = ? ORDER BY"
                  + " member_no")) {
        select.setString(1, dataset);
        select.setLong(2, head.getKey());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long snapshot = rows.getLong(4);
            Long snapshotId = rows.wasNull() ? null : snapshot;
            members.add(
                new CommittedMember(
                    new DatasetMember(rows.getString(1), rows.getString(2), rows.getString(3)),
                    snapshotId,
                    rows.getLong(5)));
          }
        }
      }
      Object[] values = head.getValue();
      commits.add(
          new DatasetCommit(
              dataset,
              head.getKey(),
              (String) values[0],
              (String) values[1],
              (Long) values[2],
              members));
    }
    return List.copyOf(commits);
  }

  private static Optional<Dataset> find(Connection connection, String name) throws SQLException {
    long createdAt;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT format_version, created_at FROM sheaf_datasets WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        if (rows.getInt(1) != FORMAT_VERSION) {
          throw SheafException.of(
              ErrorCode.CATALOG_ERROR,
              "Cannot read dataset %s: format version expected %d, found %d (upgrade Sheaf)",
              name,
              FORMAT_VERSION,
              rows.getInt(1));
        }
        createdAt = rows.getLong(2);
      }
    }
    List<DatasetMember> members = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT schema_name, table_name, table_uuid FROM sheaf_dataset_members WHERE"
                + " dataset = ? ORDER BY member_no")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          members.add(new DatasetMember(rows.getString(1), rows.getString(2), rows.getString(3)));
        }
      }
    }
    return Optional.of(new Dataset(name, members, createdAt));
  }

  private <T> T transaction(CatalogConnections.Work<T> work) throws SQLException {
    createTables();
    return connections.transaction(work);
  }

  private <T> T run(CatalogConnections.Work<T> work) throws SQLException {
    createTables();
    return connections.run(work);
  }

  /** Makes the store's tables, once. */
  private void createTables() throws SQLException {
    if (!created) {
      connections.run(DatasetStore::create);
      created = true;
    }
  }

  private static Void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sheaf_datasets (name VARCHAR(255) PRIMARY KEY,"
              + " format_version INTEGER NOT NULL, created_at BIGINT NOT NULL)");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sheaf_dataset_members (dataset VARCHAR(255) NOT NULL,"
              + " member_no INTEGER NOT NULL, schema_name VARCHAR(255) NOT NULL,"
              + " table_name VARCHAR(255) NOT NULL, table_uuid VARCHAR(64) NOT NULL,"
              + " PRIMARY KEY (dataset, member_no))");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sheaf_dataset_commits (dataset VARCHAR(255) NOT NULL,"
              + " commit_no BIGINT NOT NULL, tag VARCHAR(255), message TEXT,"
              + " created_at BIGINT NOT NULL, PRIMARY KEY (dataset, commit_no),"
              + " UNIQUE (dataset, tag))");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sheaf_dataset_versions (dataset VARCHAR(255) NOT NULL,"
              + " commit_no BIGINT NOT NULL, member_no INTEGER NOT NULL,"
              + " schema_name VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL,"
              + " table_uuid VARCHAR(64) NOT NULL, snapshot_id BIGINT, version BIGINT NOT NULL,"
              + " PRIMARY KEY (dataset, commit_no, member_no))");
    }
    return null;
  }

  private static SheafException failure(String verb, SQLException e) {
    return new SheafException(
        ErrorCode.CATALOG_ERROR,
        "Cannot " + verb + " datasets in the catalog database: " + e.getMessage(),
        e);
  }
}
