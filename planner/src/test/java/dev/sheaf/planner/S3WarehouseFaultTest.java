package dev.sheaf.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.FaultyProxy;
import dev.sheaf.testing.S3TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes to an S3 warehouse while 5% of its requests are answered 503 SlowDown and 1% are reset:
 * every statement the engine acknowledged is in the table exactly once, a statement that failed is
 * there wholly or not at all, and nothing is duplicated. The faults come from a seeded generator in
 * {@link FaultyProxy}, so a failing run repeats.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class S3WarehouseFaultTest {
  private static final int STATEMENTS = 60;
  private static final int ROWS = 20;

  @TempDir Path directory;

  @Test
  void acknowledgedWritesSurviveSlowDownsAndResets() {
    try (S3TestServer s3 = S3TestServer.start();
        FaultyProxy proxy = FaultyProxy.start(s3.endpoint())) {
      S3MediaProfile profile =
          new S3MediaProfile(
              "warehouse",
              S3MediaProfile.Kind.B2,
              proxy.endpoint(),
              s3.region(),
              s3.accessKeyId(),
              s3.secretAccessKey(),
              true,
              List.of("*"),
              S3MediaProfile.B2_MAX_ATTEMPTS);
      CatalogConfig config =
          CatalogConfig.embedded(directory)
              .withWarehouse(s3.location("faults"))
              .withS3(S3Settings.of(profile));
      Map<Integer, Boolean> acknowledged = new HashMap<>();
      List<String> errors = new ArrayList<>();
      try (SheafEngine engine = SheafEngine.open(config)) {
        update(engine, "CREATE TABLE writes (id BIGINT PRIMARY KEY, statement INTEGER, v BIGINT)");
        proxy.failRandomly(0.05, 0.01, 42);
        for (int s = 0; s < STATEMENTS; s++) {
          try {
            write(engine, s);
            acknowledged.put(s, true);
          } catch (SheafException e) {
            acknowledged.put(s, false);
            errors.add(e.code() + ": " + e.getMessage());
          }
        }
        proxy.failRandomly(0, 0, 0);
        assertTrue(proxy.faultsInjected() > 0, "no fault was injected");
        Map<Integer, Long> rowsPerStatement = new HashMap<>();
        long total = 0;
        for (List<Object> row :
            QueryRows.of(
                    engine.execute(
                        "SELECT statement, count(*), count(DISTINCT id) FROM writes"
                            + " GROUP BY statement"))
                .rows()) {
          int statement = ((Number) row.get(0)).intValue();
          long rows = ((Number) row.get(1)).longValue();
          assertEquals(rows, ((Number) row.get(2)).longValue(), "duplicated rows");
          rowsPerStatement.put(statement, rows);
          total += rows;
        }
        for (var entry : acknowledged.entrySet()) {
          long rows = rowsPerStatement.getOrDefault(entry.getKey(), 0L);
          if (entry.getValue()) {
            assertEquals(ROWS, rows, "statement " + entry.getKey() + " was acknowledged");
          } else {
            assertTrue(rows == 0 || rows == ROWS, "statement " + entry.getKey() + " half applied");
          }
        }
        assertTrue(
            acknowledged.values().stream().filter(ok -> ok).count() >= STATEMENTS / 2,
            "most statements should get through the retries: " + errors);
        assertEquals(total, count(engine));
      }
    }
  }

  /** Statement {@code s}: an INSERT of ROWS new keys. */
  private static void write(SheafEngine engine, int s) {
    StringBuilder values = new StringBuilder();
    for (int r = 0; r < ROWS; r++) {
      long id = (long) s * ROWS + r;
      values.append(r == 0 ? "" : ", ").append('(').append(id).append(", ").append(s);
      values.append(", ").append(id).append(')');
    }
    update(engine, "INSERT INTO writes VALUES " + values);
  }

  private static long count(SheafEngine engine) {
    return ((Number)
            QueryRows.of(engine.execute("SELECT count(*) FROM writes")).rows().get(0).get(0))
        .longValue();
  }

  private static long update(SheafEngine engine, String sql) {
    try (var result = engine.execute(sql)) {
      return result.updateCount();
    }
  }
}
