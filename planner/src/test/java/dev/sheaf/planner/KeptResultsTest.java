package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.planner.exec.PartitionPlan;
import dev.sheaf.planner.exec.StatementResult;
import dev.sheaf.planner.result.KeptResult;
import dev.sheaf.planner.result.KeptResultSettings;
import dev.sheaf.planner.result.KeptResults;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries that do not split at their scan, computed once and kept: N partitions read the whole
 * result once, in order; a kept result expires, is evicted under its byte budget, and then fails
 * with RESULT_EXPIRED.
 */
class KeptResultsTest {
  @TempDir Path directory;
  private SheafEngine engine;

  @BeforeEach
  void open() {
    engine = SheafEngine.open(directory.resolve("data"));
    update("CREATE TABLE events (id INTEGER, kind VARCHAR, score DOUBLE)");
    for (int file = 0; file < 4; file++) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        int id = file * 50 + i;
        values
            .append(values.isEmpty() ? "" : ", ")
            .append("(")
            .append(id)
            .append(", 'k")
            .append(id % 9)
            .append("', ")
            .append((id * 37) % 101)
            .append(".5)");
      }
      update("INSERT INTO events VALUES " + values);
    }
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void update(String sql) {
    engine.execute(sql).close();
  }

  @Test
  void partitionsOfAKeptResultAreTheWholeResultInOrder() {
    for (String sql :
        List.of(
            "SELECT id, score FROM events ORDER BY score DESC, id",
            "SELECT kind, count(*) AS n, sum(score) AS total FROM events GROUP BY kind ORDER BY kind",
            "SELECT id FROM events ORDER BY id LIMIT 17",
            "SELECT a.id, b.kind FROM events a JOIN events b ON a.id = b.id + 1 ORDER BY a.id",
            "SELECT id, rank() OVER (PARTITION BY kind ORDER BY score) AS r FROM events"
                + " ORDER BY id")) {
      List<List<Object>> whole = QueryRows.of(engine.execute(sql)).rows();
      for (int count : new int[] {1, 3, 7}) {
        PartitionPlan plan = engine.partition(sql, count);
        assertThat(plan.pin()).as(sql).isNull();
        if (count == 1) {
          assertThat(plan.kept()).as(sql).isNull();
          continue;
        }
        KeptResult kept = plan.kept();
        assertThat(kept.rows()).as(sql).isEqualTo(whole.size());
        // a commit after planning does not reach the kept result
        update("INSERT INTO events VALUES (1000, 'k1', 1.0)");
        List<List<Object>> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          List<List<Object>> part = read(kept, new RowWindow(i, count));
          assertThat(part).hasSize((int) kept.partitionRows(i, count));
          assertThat(read(kept, new RowWindow(i, count))).isEqualTo(part);
          parts.addAll(part);
        }
        assertThat(parts).as(sql).isEqualTo(whole);
        update("DELETE FROM events WHERE id = 1000");
      }
    }
  }

  @Test
  void mediaAndAggregatesTogether() {
    PartitionPlan plan =
        engine.partition("SELECT kind, max(id) AS top FROM events GROUP BY kind", 4);
    long rows = 0;
    for (int i = 0; i < 4; i++) {
      rows += read(plan.kept(), new RowWindow(i, 4)).size();
    }
    assertThat(rows).isEqualTo(9);
  }

  @Test
  void expiredAndEvictedResultsFailWithTheirCode() throws Exception {
    Instant[] now = {Instant.parse("2026-12-07T00:00:00Z")};
    InstantSource clock = () -> now[0];
    KeptResultSettings settings =
        new KeptResultSettings(directory.resolve("kept"), 2 << 20, Duration.ofMinutes(10));
    try (KeptResults results = new KeptResults(settings, engine.allocator(), clock)) {
      String sql = "SELECT id, kind FROM events ORDER BY id";
      KeptResult first = keep(results, sql);
      now[0] = now[0].plus(Duration.ofMinutes(9));
      assertThat(count(results, first)).isEqualTo(200);
      // reading keeps it alive for another time to live
      now[0] = now[0].plus(Duration.ofMinutes(9));
      assertThat(count(results, first)).isEqualTo(200);
      now[0] = now[0].plus(Duration.ofMinutes(10));
      assertExpired(results, first);
      assertThat(results.bytes()).isZero();
      try (var files = Files.list(settings.directory())) {
        assertThat(files).isEmpty();
      }

      // the byte budget evicts the least recently read result to make room
      String wide =
          "SELECT e1.id, e2.kind, e1.score FROM events e1 CROSS JOIN events e2 ORDER BY 1, 2";
      KeptResult a = keep(results, wide);
      assertThat(a.bytes()).isGreaterThan(600_000).isLessThan(1 << 20);
      KeptResult b = keep(results, wide);
      KeptResult c = keep(results, wide);
      assertExpired(results, a);
      assertThat(count(results, b)).isEqualTo(40_000);
      assertThat(count(results, c)).isEqualTo(40_000);
      assertThat(results.bytes()).isLessThanOrEqualTo(2 << 20);

      // a result larger than the whole budget is refused, and leaves nothing behind
      String wider = wide.replace("ORDER BY 1, 2", "CROSS JOIN (VALUES 1, 2, 3, 4) v(x)");
      assertThatThrownBy(() -> keep(results, wider))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
                assertThat(e.getMessage()).contains("kept-result-bytes");
              });
      try (var files = Files.list(settings.directory())) {
        assertThat(files).hasSizeLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void anEngineRefusesTicketsOfResultsItDoesNotKeep() {
    assertThatThrownBy(() -> engine.executeKept("no-such-result", new RowWindow(0, 2)))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RESULT_EXPIRED);
              assertThat(e.getMessage()).contains("plan the query again");
            });
  }

  private KeptResult keep(KeptResults results, String sql) {
    StatementResult result = engine.execute(sql);
    return results.keep(result.rows(), new AtomicBoolean());
  }

  private static long count(KeptResults results, KeptResult kept) {
    return QueryRows.of(new StatementResult(results.read(kept.id(), 0, kept.rows()), -1))
        .rows()
        .size();
  }

  private static void assertExpired(KeptResults results, KeptResult kept) {
    assertThatThrownBy(() -> results.read(kept.id(), 0, kept.rows()))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESULT_EXPIRED));
  }

  private List<List<Object>> read(KeptResult kept, RowWindow window) {
    return QueryRows.of(engine.executeKept(kept.id(), window)).rows();
  }
}
