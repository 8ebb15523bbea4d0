package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.planner.exec.BackfillSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lazy fill: a query reading cells that a computed column's backfill has not reached computes them,
 * with the results a finished backfill stores, and the backfill stores the cells it computed.
 */
class LazyFillTest extends EngineTestCase {
  @AfterEach
  void clearSettings() {
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
  }

  private void awaitJobs() throws InterruptedException {
    assertThat(engine.jobs().await(Duration.ofSeconds(60))).isTrue();
  }

  /** A table of five files, with computed columns added and filled in one chunk of five. */
  private void halfFilled() throws InterruptedException {
    update("CREATE TABLE t (id INTEGER, caption VARCHAR, n INTEGER)");
    for (int i = 0; i < 5; i++) {
      update("INSERT INTO t VALUES (" + i + ", 'row " + i + "', " + (i % 3) + ")");
    }
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "1");
    engine = SheafEngine.open(directory);
    update("ALTER TABLE t ADD COLUMN shout AS (upper(caption) || '!') STORED");
    awaitJobs();
    update("ALTER TABLE t ADD COLUMN inverse AS (6 / n) ON ERROR NULL");
    awaitJobs();
    assertThat(query("SELECT column_name, state, rows_done FROM sys.jobs ORDER BY column_name"))
        .as("the jobs stopped after a chunk each")
        .allSatisfy(job -> assertThat(job.get(1)).isEqualTo("RUNNING"));
  }

  private List<List<Object>> everything() {
    return query("SELECT id, shout, inverse, inverse$error IS NOT NULL FROM t ORDER BY id");
  }

  @Test
  void queriesComputeTheCellsTheBackfillHasNotReached() throws InterruptedException {
    halfFilled();
    List<List<Object>> expected =
        List.of(
            Arrays.asList(0, "ROW 0!", null, true),
            List.of(1, "ROW 1!", 6, false),
            List.of(2, "ROW 2!", 3, false),
            Arrays.asList(3, "ROW 3!", null, true),
            List.of(4, "ROW 4!", 6, false));
    // the row engine (a sort), the vectorized scan (a filter on the computed cells), a LIMIT
    assertThat(everything()).isEqualTo(expected);
    assertThat(query("SELECT id FROM t WHERE shout = 'ROW 3!'")).containsExactly(List.of(3));
    assertThat(query("SELECT id, inverse$error FROM t WHERE inverse IS NULL AND id > 1"))
        .singleElement()
        .satisfies(row -> assertThat((String) row.get(1)).startsWith("TYPE_MISMATCH"));
    assertThat(query("SELECT shout FROM t WHERE n = 1 LIMIT 1")).hasSize(1).doesNotContainNull();
    assertThat(query("SELECT count(*) FROM t WHERE shout IS NULL")).containsExactly(List.of(0L));
    // a statement that writes reads them too
    assertThat(update("UPDATE t SET n = 3 WHERE shout = 'ROW 4!'")).isEqualTo(1);
    assertThat(query("SELECT inverse FROM t WHERE id = 4")).containsExactly(List.of(2));

    // the backfill finishes with the same cells
    engine.close();
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    engine = SheafEngine.open(directory);
    awaitJobs();
    assertThat(query("SELECT state FROM sys.jobs")).containsOnly(List.of("DONE"));
    List<List<Object>> after = everything();
    assertThat(after.subList(0, 4)).isEqualTo(expected.subList(0, 4));
    assertThat(after.get(4)).isEqualTo(List.of(4, "ROW 4!", 2, false));
  }

  @Test
  void theBackfillStoresTheCellsAQueryComputed() throws InterruptedException {
    update("CREATE TABLE r (id INTEGER)");
    for (int i = 0; i < 4; i++) {
      update("INSERT INTO r VALUES (" + i + "), (" + (i + 10) + ")");
    }
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "1");
    engine = SheafEngine.open(directory);
    // a column whose every computation differs: the stored cells show which computation it kept
    update("ALTER TABLE r ADD COLUMN noise AS (id + rand()) STORED");
    awaitJobs();
    List<List<Object>> seen = query("SELECT id, noise FROM r ORDER BY id");
    assertThat(seen).hasSize(8).allSatisfy(row -> assertThat(row.get(1)).isNotNull());

    // the same engine runs the rest of the job, a chunk at a time (the cells are kept in memory)
    for (int chunk = 1; chunk < 4; chunk++) {
      engine.jobs().resume();
      awaitJobs();
    }
    assertThat(query("SELECT state, rows_done FROM sys.jobs")).containsExactly(List.of("DONE", 8L));
    assertThat(query("SELECT id, noise FROM r ORDER BY id")).isEqualTo(seen);
  }

  @Test
  void aCancelledBackfillLeavesItsCellsNull() throws InterruptedException {
    halfFilled();
    String id =
        (String) query("SELECT job_id FROM sys.jobs WHERE column_name = 'shout'").get(0).get(0);
    update("CANCEL JOB '" + id + "'");
    // the files no chunk rewrote (the other column's chunk filled this one's cells of its file)
    assertThat((Long) query("SELECT count(*) FROM t WHERE shout IS NULL").get(0).get(0))
        .isBetween(3L, 4L);
    assertThat(query("SELECT count(*) FROM t WHERE inverse$error IS NULL AND inverse IS NULL"))
        .as("the other column's job still runs: its cells are computed")
        .containsExactly(List.of(0L));
    update("ALTER TABLE t RECOMPUTE shout");
    assertThat(query("SELECT count(*) FROM t WHERE shout IS NULL")).containsExactly(List.of(0L));
  }
}
