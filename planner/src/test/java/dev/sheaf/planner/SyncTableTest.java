package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.S3TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SYNC TABLE from a real PostgreSQL (tests/services/postgres.sh: 127.0.0.1, port SHEAF_TEST_PG_PORT
 * or 55432, database and user sheaf) and from CSV files.
 */
class SyncTableTest extends EngineTestCase {
  private static final String PORT = System.getenv().getOrDefault("SHEAF_TEST_PG_PORT", "55432");
  private static final String JDBC = "jdbc:postgresql://127.0.0.1:" + PORT + "/sheaf";
  private static final String SOURCE_URI = "postgresql://sheaf@127.0.0.1:" + PORT + "/sheaf";

  private Connection postgres;
  private String labels;

  @BeforeEach
  void openPostgres() throws SQLException {
    postgres = DriverManager.getConnection(JDBC, "sheaf", "sheaf");
    labels = "labels_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    pg(
        "CREATE TABLE "
            + labels
            + " (id INTEGER PRIMARY KEY, label TEXT NOT NULL, score DOUBLE PRECISION,"
            + " updated_at TIMESTAMP NOT NULL)");
    pg(
        "INSERT INTO "
            + labels
            + " VALUES (1, 'cat', 0.5, '2026-01-01 10:00:00'), (2, 'dog', 0.25, '2026-01-01"
            + " 10:00:01'), (3, 'bird', NULL, '2026-01-01 10:00:02')");
  }

  @AfterEach
  void closePostgres() throws SQLException {
    pg("DROP TABLE IF EXISTS " + labels);
    postgres.close();
  }

  private void pg(String sql) throws SQLException {
    try (Statement statement = postgres.createStatement()) {
      statement.execute(sql);
    }
  }

  private List<Object> sync(String sql) {
    List<List<Object>> rows = query(sql);
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  /** inserted, updated, deleted, errors and whether a version was made. */
  private static List<Object> counts(List<Object> result) {
    return List.of(
        result.get(0), result.get(1), result.get(2), result.get(3), result.get(4) != null);
  }

  private long versions(String table) {
    return (Long) query("SELECT count(*) FROM \"" + table + "$history\"").get(0).get(0);
  }

  @Test
  void syncsFromPostgresIncrementallyByCursor() throws SQLException {
    update("CREATE SOURCE pg FROM '" + SOURCE_URI + "' TABLE " + labels);
    String sync = "SYNC TABLE labels FROM SOURCE pg KEY (id) CURSOR updated_at DELETE MISSING";

    // the first sync creates the table, the key its primary key, in one version
    assertThat(counts(sync(sync))).containsExactly(3L, 0L, 0L, 0L, true);
    assertThat(query("SELECT id, label, score FROM labels ORDER BY id"))
        .containsExactly(
            List.of(1, "cat", 0.5), List.of(2, "dog", 0.25), Arrays.asList(3, "bird", null));
    assertThat(query("SHOW COLUMNS FROM labels")).contains(List.of("id", "INTEGER", false, true));
    assertThat(versions("labels")).isEqualTo(1);

    // nothing changed: no version
    assertThat(counts(sync(sync))).containsExactly(0L, 0L, 0L, 0L, false);
    assertThat(versions("labels")).isEqualTo(1);

    // one row changed, one added, one deleted: one version
    pg(
        "UPDATE "
            + labels
            + " SET label = 'kitten', updated_at = '2026-01-02 00:00:00' WHERE id = 1");
    pg("INSERT INTO " + labels + " VALUES (4, 'fish', 1.0, '2026-01-02 00:00:01')");
    pg("DELETE FROM " + labels + " WHERE id = 2");
    List<Object> changed = sync(sync);
    assertThat(counts(changed)).containsExactly(1L, 1L, 1L, 0L, true);
    assertThat(versions("labels")).isEqualTo(2);
    assertThat(query("SELECT id, label FROM labels ORDER BY id"))
        .containsExactly(List.of(1, "kitten"), List.of(3, "bird"), List.of(4, "fish"));

    // provenance: the run and an entry per written row, in the version they landed in
    String runId = (String) changed.get(5);
    assertThat(
            query(
                "SELECT kind, state, version, items FROM sys.provenance_runs WHERE run_id = '"
                    + runId
                    + "'"))
        .containsExactly(List.of("sync", "DONE", changed.get(4), 3L));
    assertThat(
            query(
                "SELECT row_key, source_uri, version FROM sys.provenance WHERE run_id = '"
                    + runId
                    + "' ORDER BY row_key"))
        .containsExactly(
            List.of(
                "1", "postgresql://127.0.0.1:" + PORT + "/sheaf?table=" + labels, changed.get(4)),
            List.of(
                "4", "postgresql://127.0.0.1:" + PORT + "/sheaf?table=" + labels, changed.get(4)));

    // each sync is a row of sys.jobs, its id the provenance run's
    assertThat(
            query(
                "SELECT kind, state, column_name, rows_total, rows_done FROM sys.jobs WHERE job_id = '"
                    + runId
                    + "'"))
        .containsExactly(List.of("sync", "DONE", "pg", 2L, 3L));

    // schema drift: a new source column is added to the table by the sync
    pg("ALTER TABLE " + labels + " ADD COLUMN note TEXT");
    pg("UPDATE " + labels + " SET note = 'new', updated_at = '2026-01-03 00:00:00' WHERE id = 3");
    assertThat(counts(sync(sync))).containsExactly(0L, 1L, 0L, 0L, true);
    assertThat(query("SELECT id, note FROM labels ORDER BY id"))
        .containsExactly(Arrays.asList(1, null), List.of(3, "new"), Arrays.asList(4, null));

    // a type change fails, naming the column, and changes nothing (no version, cursor kept)
    pg("ALTER TABLE " + labels + " ALTER COLUMN score TYPE TEXT");
    pg("UPDATE " + labels + " SET score = 'high', updated_at = '2026-01-04 00:00:00' WHERE id = 4");
    SheafException mismatch = failure(sync);
    assertThat(mismatch.code()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(mismatch.getMessage()).contains("score").contains("VARCHAR").contains("DOUBLE");
    assertThat(versions("labels")).isEqualTo(3);
    assertThat(query("SELECT state FROM sys.provenance_runs WHERE state = 'FAILED'")).hasSize(1);
    // the type set back: the row that failed before is read again (the cursor did not move)
    pg("ALTER TABLE " + labels + " ALTER COLUMN score TYPE DOUBLE PRECISION USING NULL");
    assertThat(counts(sync(sync))).containsExactly(0L, 1L, 0L, 0L, true);
  }

  @Test
  void refusedRowsAreRecordedAndTheRestSynced() throws Exception {
    Path dir = directory.resolve("drop");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("a.csv"), "id,label\n1,cat\n2,dog\n,nobody\n");
    Files.writeString(dir.resolve("b.csv"), "id,label\n3,bird\n2,dog again\n");
    update("CREATE SOURCE files FROM '" + dir.toUri() + "*.csv'");
    List<Object> result = sync("SYNC TABLE animals FROM SOURCE files KEY (id)");
    // the NULL key and both rows of key 2 are refused; 1 and 3 are synced
    assertThat(counts(result)).containsExactly(2L, 0L, 0L, 3L, true);
    assertThat(query("SELECT id, label FROM animals ORDER BY id"))
        .containsExactly(List.of(1L, "cat"), List.of(3L, "bird"));
    assertThat(
            query(
                "SELECT code, line, row_key FROM sys.sync_errors WHERE run_id = '"
                    + result.get(5)
                    + "' ORDER BY code, source_uri, line"))
        .containsExactly(
            List.of("DUPLICATE_KEY", 3L, "2"),
            List.of("DUPLICATE_KEY", 3L, "2"),
            Arrays.asList("NOT_NULL_VIOLATION", 4L, null));
    assertThat(
            query("SELECT errors FROM sys.provenance_runs WHERE run_id = '" + result.get(5) + "'"))
        .containsExactly(List.of(3L));

    // a file that does not parse: SOURCE_FORMAT_ERROR naming the file and line, no version
    Files.writeString(dir.resolve("c.csv"), "id,label\n5,ok\n6,x,extra\n7,y\n");
    SheafException broken = failure("SYNC TABLE animals FROM SOURCE files KEY (id)");
    assertThat(broken.code()).isEqualTo(ErrorCode.SOURCE_FORMAT_ERROR);
    assertThat(broken.getMessage()).contains("c.csv").contains("line 3");
    assertThat(versions("animals")).isEqualTo(1);

    // DELETE MISSING into a table whose key is INTEGER (the CSV's are BIGINT): a.csv alone is
    // left, so 1 is updated, 2 inserted, 3 deleted (and the NULL key refused)
    Files.delete(dir.resolve("c.csv"));
    Files.delete(dir.resolve("b.csv"));
    update("CREATE TABLE narrow (id INTEGER PRIMARY KEY, label VARCHAR)");
    update("INSERT INTO narrow VALUES (1, 'old'), (3, 'gone')");
    assertThat(counts(sync("SYNC TABLE narrow FROM SOURCE files KEY (id) DELETE MISSING")))
        .containsExactly(1L, 1L, 1L, 1L, true);
    assertThat(query("SELECT id, label FROM narrow ORDER BY id"))
        .containsExactly(List.of(1, "cat"), List.of(2, "dog"));

    // a NULL in a NOT NULL column of the table: that row refused, the others synced
    Path strictDir = directory.resolve("strict");
    Files.createDirectories(strictDir);
    Files.writeString(strictDir.resolve("s.csv"), "id,label\n1,a\n2,\n3,c\n");
    update("CREATE SOURCE strict_files FROM '" + strictDir.toUri() + "*.csv'");
    update("CREATE TABLE strict (id BIGINT PRIMARY KEY, label VARCHAR NOT NULL)");
    List<Object> strict = sync("SYNC TABLE strict FROM SOURCE strict_files KEY (id)");
    assertThat(counts(strict)).containsExactly(2L, 0L, 0L, 1L, true);
    assertThat(
            query(
                "SELECT code, line, row_key FROM sys.sync_errors WHERE run_id = '"
                    + strict.get(5)
                    + "'"))
        .containsExactly(List.of("NOT_NULL_VIOLATION", 3L, "2"));
  }

  @Test
  void unreachableSourceFailsWithoutItsPassword() {
    update("CREATE SOURCE down FROM 'postgresql://127.0.0.1:1/nothing' TABLE t");
    SheafException down = failure("SYNC TABLE t FROM SOURCE down KEY (id)");
    assertThat(down.code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
    assertThat(query("SELECT count(*) FROM sys.provenance_runs WHERE state = 'FAILED'"))
        .containsExactly(List.of(1L));
    assertThat(engine.catalog().findTable("main", "t")).isEmpty();

    SheafException secret =
        failure("CREATE SOURCE leaky FROM 'postgresql://me:hunter2@127.0.0.1/db' TABLE t");
    assertThat(secret.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(secret.getMessage()).doesNotContain("hunter2");

    assertThat(failure("SYNC TABLE t FROM SOURCE nowhere KEY (id)").code())
        .isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
    assertThat(failure("CREATE SOURCE down FROM 'file:///tmp/*.csv'").code())
        .isEqualTo(ErrorCode.SOURCE_ALREADY_EXISTS);
    update("CREATE SOURCE keyed FROM 'postgresql://127.0.0.1/db' TABLE t CREDENTIALS 'labels_db'");
    assertThat(query("SELECT name, source_table, credentials FROM sys.sources ORDER BY name"))
        .containsExactly(Arrays.asList("down", "t", null), List.of("keyed", "t", "labels_db"));
    update("CREATE TABLE base (id INTEGER PRIMARY KEY)");
    update("CREATE VIEW base_view AS SELECT * FROM base");
    assertThat(failure("SYNC TABLE base_view FROM SOURCE keyed KEY (id)").code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
    update("DROP SOURCE keyed");
    assertThat(failure("DROP SOURCE keyed").code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
  }

  @Test
  void syncsCsvFilesUnderAnS3Prefix() {
    try (S3TestServer s3 = S3TestServer.start()) {
      S3MediaProfile profile =
          new S3MediaProfile(
              "drop",
              S3MediaProfile.Kind.S3,
              s3.endpoint(),
              s3.region(),
              s3.accessKeyId(),
              s3.secretAccessKey(),
              true,
              List.of("*"),
              3);
      MediaConfig media = MediaConfig.defaults(directory).withS3Profiles(List.of(profile));
      engine.close();
      engine = SheafEngine.open(directory, media);
      try (MediaStores stores = MediaStores.open(media)) {
        stores.write(
            URI.create("s3://" + s3.bucket() + "/drop/part-1.csv"),
            "id,label\n1,cat\n2,dog\n".getBytes(StandardCharsets.UTF_8),
            "text/csv");
        stores.write(
            URI.create("s3://" + s3.bucket() + "/drop/notes.txt"),
            "not a csv".getBytes(StandardCharsets.UTF_8),
            "text/plain");
      }
      update("CREATE SOURCE bucket FROM 's3://" + s3.bucket() + "/drop/*.csv'");
      assertThat(counts(sync("SYNC TABLE from_s3 FROM SOURCE bucket KEY (id)")))
          .containsExactly(2L, 0L, 0L, 0L, true);
      assertThat(query("SELECT id, label FROM from_s3 ORDER BY id"))
          .containsExactly(List.of(1L, "cat"), List.of(2L, "dog"));
      assertThat(query("SELECT DISTINCT source_uri FROM sys.provenance"))
          .containsExactly(List.of("s3://" + s3.bucket() + "/drop/part-1.csv"));
    }
  }
}
