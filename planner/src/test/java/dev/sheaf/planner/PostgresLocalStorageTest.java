package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.config.CatalogConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shared PostgreSQL catalog (tests/services/postgres.sh: 127.0.0.1, port SHEAF_TEST_PG_PORT or
 * 55432, database/user/password sheaf) with a local warehouse. Tables of earlier runs stay in the
 * catalog; every test names its own.
 */
class PostgresLocalStorageTest extends StorageContractTest {
  private static final String URL =
      "jdbc:postgresql://127.0.0.1:"
          + System.getenv().getOrDefault("SHEAF_TEST_PG_PORT", "55432")
          + "/sheaf";

  @BeforeAll
  static void requirePostgres() {
    try (Connection connection = DriverManager.getConnection(URL, "sheaf", "sheaf")) {
      assertThat(connection.isValid(5)).isTrue();
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL is not reachable at "
              + URL
              + " (start it with tests/services/postgres.sh start): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  protected CatalogConfig config(Path directory) {
    return CatalogConfig.embedded(directory)
        .withCatalog(URL, "sheaf", "sheaf")
        .withWarehouse(directory.resolve("warehouse").toString());
  }

  @Test
  void twoEnginesSeeEachOthersCommits() throws Exception {
    String t = uniqueName("shared");
    try (SheafEngine other = SheafEngine.open(config(directory))) {
      update(engine, "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, label VARCHAR)");
      update(engine, "INSERT INTO " + t + " VALUES (1, 'from first')");
      assertThat(query(other, "SELECT id, label FROM " + t))
          .containsExactly(List.of(1, "from first"));
      update(other, "INSERT INTO " + t + " VALUES (2, 'from second')");
      update(other, "CREATE TAG before_delete ON " + t);
      update(other, "DELETE FROM " + t + " WHERE id = 1");
      assertThat(query(engine, "SELECT id, label FROM " + t))
          .containsExactly(List.of(2, "from second"));
      assertThat(query(engine, "SELECT count(*) FROM " + t + " FOR VERSION AS OF 'before_delete'"))
          .containsExactly(List.of(2L));

      // both engines writing at once: every insert lands and row ids stay unique across them
      String events = uniqueName("events");
      update(engine, "CREATE TABLE " + events + " (writer INTEGER, n INTEGER)");
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> writers = new ArrayList<>();
        List<SheafEngine> engines = List.of(engine, other);
        for (int w = 0; w < 2; w++) {
          SheafEngine writer = engines.get(w);
          int id = w;
          writers.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                      update(writer, "INSERT INTO " + events + " VALUES " + values(id, i, 3));
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> writer : writers) {
          writer.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertUniqueRowIds(other, events, 30);
      assertUniqueRowIds(engine, events, 30);
    }
  }

  /**
   * A PostgreSQL restart drops every connection the engine holds (Iceberg's catalog pool, row ids,
   * media read pins, jobs, leases); the next statements reconnect instead of failing until Sheaf
   * restarts.
   */
  @Test
  void insertsWorkAgainAfterPostgresRestarts() throws Exception {
    String t = uniqueName("restarted");
    update(engine, "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, label VARCHAR)");
    update(engine, "INSERT INTO " + t + " VALUES (1, 'before')");

    restartPostgres();

    update(engine, "INSERT INTO " + t + " VALUES (2, 'after')");
    update(engine, "INSERT INTO " + t + " VALUES (3, 'after again')");
    assertThat(query(engine, "SELECT id, label FROM " + t + " ORDER BY id"))
        .containsExactly(List.of(1, "before"), List.of(2, "after"), List.of(3, "after again"));
    assertUniqueRowIds(engine, t, 3);

    // the stores of jobs and leases reconnect too: a computed column starts a backfill job
    restartPostgres();
    update(engine, "ALTER TABLE " + t + " ADD COLUMN shout AS (upper(label)) STORED");
    assertThat(query(engine, "SELECT shout FROM " + t + " ORDER BY id"))
        .containsExactly(List.of("BEFORE"), List.of("AFTER"), List.of("AFTER AGAIN"));
  }

  /** tests/services/postgres.sh restart, for the server this test's port names. */
  private static void restartPostgres() throws Exception {
    Path script = Path.of("..", "tests", "services", "postgres.sh").toAbsolutePath().normalize();
    Process restart =
        new ProcessBuilder(script.toString(), "restart").redirectErrorStream(true).start();
    String output = new String(restart.getInputStream().readAllBytes());
    assertThat(restart.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(restart.exitValue()).as("postgres.sh restart: %s", output).isZero();
  }
}
