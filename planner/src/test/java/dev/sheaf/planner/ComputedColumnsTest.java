package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.jobs.BackfillJob;
import dev.sheaf.planner.exec.BackfillSettings;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Computed columns on the real engine: DDL, compute on write, backfill jobs, per-cell errors. */
class ComputedColumnsTest extends EngineTestCase {
  @AfterEach
  void clearChunks() {
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    System.clearProperty(BackfillSettings.LAZY_FILL);
  }

  private void awaitJobs() throws InterruptedException {
    assertThat(engine.jobs().await(Duration.ofSeconds(60)))
        .as(() -> engine.jobs().list().toString())
        .isTrue();
  }

  private long versions(String table) {
    return (Long) query("SELECT count(*) FROM \"" + table + "$history\"").get(0).get(0);
  }

  @Test
  void computedOnInsertUpdateAndMerge() {
    update("CREATE TABLE t (id INTEGER PRIMARY KEY, caption VARCHAR, n INTEGER)");
    update("ALTER TABLE t ADD COLUMN shout AS (upper(caption) || '!') STORED");
    update("ALTER TABLE t ADD COLUMN twice AS (n * 2)");
    update("INSERT INTO t (id, caption, n) VALUES (1, 'cat', 2), (2, 'dog', NULL)");
    update("INSERT INTO t VALUES (3, 'owl', 5)");
    assertThat(query("SELECT id, shout, twice FROM t ORDER BY id"))
        .containsExactly(
            List.of(1, "CAT!", 4), Arrays.asList(2, "DOG!", null), List.of(3, "OWL!", 10));
    assertThat(versions("t")).isEqualTo(2);
    update("UPDATE t SET caption = 'cow' WHERE id = 2");
    assertThat(query("SELECT shout FROM t WHERE id = 2")).containsExactly(List.of("COW!"));
    update(
        "MERGE INTO t USING (VALUES (3, 'eel'), (4, 'fox')) AS s(id, caption) ON t.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET caption = s.caption"
            + " WHEN NOT MATCHED THEN INSERT (id, caption, n) VALUES (s.id, s.caption, 1)");
    assertThat(query("SELECT id, shout, twice FROM t WHERE id >= 3 ORDER BY id"))
        .containsExactly(List.of(3, "EEL!", 10), List.of(4, "FOX!", 2));
  }

  @Test
  void computedOnBulkIngest() throws IOException {
    update("CREATE TABLE ids (id BIGINT)");
    update("ALTER TABLE ids ADD COLUMN label AS ('#' || CAST(id AS VARCHAR)) STORED");
    update("ALTER TABLE ids ADD COLUMN inverse AS (1000 / id) STORED");
    try (IdBatches batches =
        new IdBatches(engine.allocator(), 3, 1000, (batch, row) -> batch * 1000 + row, 1)) {
      assertThat(
              engine.ingest(null, "ids", batches, dev.sheaf.planner.exec.TableIngest.Mode.APPEND))
          .isEqualTo(3000);
    }
    assertThat(versions("ids")).isEqualTo(1);
    assertThat(query("SELECT label, inverse FROM ids WHERE id = 7"))
        .containsExactly(List.of("#7", 142L));
    assertThat(query("SELECT count(*) FROM ids WHERE label = '#' || CAST(id AS VARCHAR)"))
        .containsExactly(List.of(2999L));
    assertThat(query("SELECT count(*) FROM ids WHERE id IS NULL AND label IS NULL"))
        .containsExactly(List.of(1L));
    assertThat(query("SELECT id, inverse$error FROM ids WHERE inverse$error IS NOT NULL"))
        .hasSize(1);
  }

  @Test
  void functionsOfSheafInDefinitions() throws IOException {
    Path images = Files.createDirectories(directory.resolve("images"));
    MediaSqlTest.copy("horse.png", images.resolve("horse.png"));
    update("CREATE TABLE photos (id INTEGER, img IMAGE)");
    update("ALTER TABLE photos ADD COLUMN w AS (width(img))");
    update("ALTER TABLE photos ADD COLUMN thumb AS (thumbnail(img, 10)) STORED");
    update("INSERT INTO photos VALUES (1, '" + images.resolve("horse.png").toUri() + "')");
    List<Object> row = query("SELECT w, thumb IS NOT NULL, w$error FROM photos").get(0);
    assertThat(row).containsExactly(400, true, null);
  }

  @Test
  void failingCellsAreNullWithTheirError() {
    update("CREATE TABLE t (id INTEGER, s VARCHAR)");
    update("ALTER TABLE t ADD COLUMN i AS (CAST(s AS INTEGER))");
    update("INSERT INTO t VALUES (1, '12'), (2, 'twelve'), (3, NULL)");
    List<List<Object>> rows = query("SELECT id, i, i$error FROM t ORDER BY id");
    assertThat(rows.get(0)).containsExactly(1, 12, null);
    assertThat(rows.get(1).subList(0, 2)).containsExactly(2, null);
    assertThat((String) rows.get(1).get(2)).startsWith("TYPE_MISMATCH: ");
    assertThat(rows.get(2)).containsExactly(3, null, null);
    assertThat(query("SELECT id FROM t WHERE i$error IS NOT NULL")).containsExactly(List.of(2));

    update("CREATE TABLE strict (id INTEGER, s VARCHAR)");
    update("ALTER TABLE strict ADD COLUMN i AS (CAST(s AS INTEGER)) STORED ON ERROR ABORT");
    SheafException abort = failure("INSERT INTO strict VALUES (1, '12'), (2, 'twelve')");
    assertThat(abort.getMessage()).contains("Cannot compute column 'i'").contains("ON ERROR ABORT");
    assertThat(query("SELECT count(*) FROM strict")).containsExactly(List.of(0L));
  }

  @Test
  void ddlRefusals() {
    update("CREATE TABLE t (id INTEGER, caption VARCHAR, n INTEGER)");
    update("ALTER TABLE t ADD COLUMN shout AS (upper(caption)) STORED");
    SheafException input = failure("ALTER TABLE t DROP COLUMN caption");
    assertThat(input.code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(input.getMessage()).contains("'caption'").contains("computed column 'shout'");
    assertThat(failure("ALTER TABLE t RENAME COLUMN caption TO text").getMessage())
        .contains("computed column 'shout'");
    assertThat(failure("ALTER TABLE t DROP COLUMN shout$error").getMessage())
        .contains("drop 'shout' instead");
    assertThat(failure("INSERT INTO t (id, shout) VALUES (1, 'x')").getMessage())
        .contains("Cannot write column 'shout'");
    assertThat(failure("INSERT INTO t VALUES (1, 'x', 1, 'X')").getMessage())
        .contains("Cannot write column 'shout'");
    assertThat(failure("UPDATE t SET shout = 'x'").getMessage())
        .contains("Cannot write column 'shout'");
    assertThat(failure("ALTER TABLE t ADD COLUMN again AS (lower(shout))").getMessage())
        .contains("reads computed column 'shout'");
    assertThat(failure("ALTER TABLE t ADD COLUMN v AS (lower(shout)) VIRTUAL").getMessage())
        .contains("reads computed column 'shout'");
    assertThat(failure("ALTER TABLE t ADD COLUMN bad AS (no_such_column + 1)").code())
        .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    assertThat(failure("ALTER TABLE t ADD COLUMN n AS (1)").code())
        .isEqualTo(ErrorCode.COLUMN_ALREADY_EXISTS);

    update("ALTER TABLE t DROP COLUMN shout");
    update("ALTER TABLE t DROP COLUMN caption");
    assertThat(query("SELECT * FROM t")).isEmpty();
    update("INSERT INTO t VALUES (1, 2)");
    assertThat(query("SELECT * FROM t")).containsExactly(List.of(1, 2));
  }

  @Test
  void backfillFillsEveryRowOneChunkAtATime() throws InterruptedException {
    update("CREATE TABLE t (id INTEGER, n INTEGER)");
    for (int i = 0; i < 4; i++) {
      update("INSERT INTO t VALUES (" + (2 * i) + ", " + (2 * i) + "), (" + (2 * i + 1) + ", 0)");
    }
    assertThat(versions("t")).isEqualTo(4);
    update("ALTER TABLE t ADD COLUMN inverse AS (100 / n) STORED");
    awaitJobs();
    assertThat(versions("t")).isEqualTo(8);
    List<List<Object>> rows = query("SELECT id, inverse, inverse$error IS NULL FROM t ORDER BY id");
    assertThat(rows).hasSize(8);
    assertThat(rows.get(2)).containsExactly(2, 50, true);
    assertThat(rows.get(1)).containsExactly(1, null, false);
    BackfillJob job = engine.jobs().list().get(0);
    assertThat(job.state()).isEqualTo(BackfillJob.State.DONE);
    assertThat(List.of(job.rowsDone(), job.rowsTotal(), job.errors(), job.rowsFilled()))
        .containsExactly(8L, 8L, 5L, 8L);
    assertThat(
            query(
                "SELECT table_name, column_name, state, rows_done, rows_total, errors"
                    + " FROM sys.jobs"))
        .containsExactly(List.of("t", "inverse", "DONE", 8L, 8L, 5L));
  }

  @Test
  void backfillResumesAfterRestartWithoutRedoingChunks() throws InterruptedException {
    update("CREATE TABLE t (id INTEGER, caption VARCHAR)");
    for (int i = 0; i < 5; i++) {
      update("INSERT INTO t VALUES (" + i + ", 'row " + i + "')");
    }
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "2");
    engine = SheafEngine.open(directory);
    update("ALTER TABLE t ADD COLUMN shout AS (upper(caption)) STORED");
    awaitJobs();
    assertThat(versions("t")).isEqualTo(7);
    BackfillJob halfway = engine.jobs().list().get(0);
    assertThat(halfway.state()).as(halfway.toString()).isEqualTo(BackfillJob.State.RUNNING);
    assertThat(halfway.rowsDone()).isEqualTo(2);
    // the rows the job has not reached are computed by the query that reads them (lazy fill)
    assertThat(query("SELECT count(*) FROM t WHERE shout IS NULL")).containsExactly(List.of(0L));
    // rows inserted meanwhile are computed by their insert, not by the job
    update("INSERT INTO t VALUES (5, 'new')");
    engine.close();

    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    engine = SheafEngine.open(directory);
    awaitJobs();
    assertThat(versions("t")).isEqualTo(11);
    assertThat(query("SELECT id, shout FROM t ORDER BY id").get(5)).containsExactly(5, "NEW");
    assertThat(query("SELECT count(*) FROM t WHERE shout = upper(caption)"))
        .containsExactly(List.of(6L));
    BackfillJob done = engine.jobs().list().get(0);
    assertThat(done.state()).isEqualTo(BackfillJob.State.DONE);
    assertThat(List.of(done.rowsDone(), done.rowsTotal(), done.rowsFilled()))
        .containsExactly(6L, 6L, 5L);
  }

  @Test
  void computedColumnsInCreateTable() {
    update(
        "CREATE TABLE made (id INTEGER PRIMARY KEY, caption VARCHAR,"
            + " shout AS (upper(caption)) STORED, inverse AS (10 / id) ON ERROR NULL)");
    update("INSERT INTO made (id, caption) VALUES (1, 'one'), (0, 'zero')");
    assertThat(query("SELECT id, shout, inverse FROM made ORDER BY id"))
        .containsExactly(Arrays.asList(0, "ZERO", null), List.of(1, "ONE", 10));
    assertThat(query("SELECT count(*) FROM made WHERE inverse$error IS NOT NULL"))
        .containsExactly(List.of(1L));
    assertThat(query("SELECT count(*) FROM sys.jobs")).containsExactly(List.of(0L));

    // all or nothing: a computed column that cannot be added leaves no table behind
    var bad = failure("CREATE TABLE broken (id INTEGER, x AS (no_such_function(id)) STORED)");
    assertThat(failure("SELECT * FROM broken").code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    assertThat(bad.getMessage()).containsIgnoringCase("no_such_function");
    assertThat(failure("CREATE TABLE copied (x AS (1) STORED) AS SELECT 1 AS y").code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
  }

  @Test
  void recomputeRowsOfAComputedColumn() {
    update(
        "CREATE TABLE again (id INTEGER, n INTEGER, taken TIMESTAMP,"
            + " inverse AS (12 / n) ON ERROR NULL, shout AS (CAST(n AS VARCHAR) || '!') STORED)");
    update(
        "INSERT INTO again (id, n, taken) VALUES (1, 0, TIMESTAMP '2024-06-01 12:00:00.123456'),"
            + " (2, 3, NULL), (3, 0, NULL), (4, 6, NULL)");
    long before = (Long) query("SELECT count(*) FROM \"again$history\"").get(0).get(0);

    assertThat(update("ALTER TABLE again RECOMPUTE inverse ERRORS ONLY")).isEqualTo(2);
    assertThat(update("ALTER TABLE again RECOMPUTE inverse WHERE id > 3")).isEqualTo(1);
    assertThat(update("alter table again recompute shout")).isEqualTo(4);
    assertThat(query("SELECT count(*) FROM \"again$history\"").get(0).get(0)).isEqualTo(before + 3);
    // the same values, errors kept, and the columns it does not compute untouched to the
    // microsecond
    assertThat(query("SELECT id, inverse, inverse$error IS NOT NULL, shout FROM again ORDER BY id"))
        .containsExactly(
            Arrays.asList(1, null, true, "0!"),
            List.of(2, 4, false, "3!"),
            Arrays.asList(3, null, true, "0!"),
            List.of(4, 2, false, "6!"));
    assertThat(query("SELECT taken FROM again WHERE id = 1").get(0).get(0))
        .isEqualTo(1_717_243_200_123_456L);
    assertThat(failure("ALTER TABLE again RECOMPUTE n").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void jobsPauseResumeAndCancel() throws InterruptedException {
    update("CREATE TABLE t (id INTEGER, caption VARCHAR)");
    for (int i = 0; i < 4; i++) {
      update("INSERT INTO t VALUES (" + i + ", 'row " + i + "')");
    }
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "1");
    engine = SheafEngine.open(directory);
    update("ALTER TABLE t ADD COLUMN shout AS (upper(caption)) STORED");
    awaitJobs();
    String id = engine.jobs().list().get(0).id();
    assertThat(update("pause job '" + id + "'")).isEqualTo(1);
    assertThat(query("SELECT state, rows_done FROM sys.jobs"))
        .containsExactly(List.of("PAUSED", 1L));
    assertThat(failure("PAUSE JOB '" + id + "'").getMessage()).contains("it is PAUSED");

    // a paused job stays paused across a restart, and runs again when resumed
    engine.close();
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    engine = SheafEngine.open(directory);
    awaitJobs();
    assertThat(query("SELECT count(*) FROM t WHERE shout IS NULL")).containsExactly(List.of(0L));
    assertThat(query("SELECT state, rows_done FROM sys.jobs"))
        .containsExactly(List.of("PAUSED", 1L));
    update("RESUME JOB '" + id + "'");
    assertThat(update("WAIT FOR JOB '" + id + "'")).as("rows done").isEqualTo(4);
    assertThat(query("SELECT state, rows_done FROM sys.jobs")).containsExactly(List.of("DONE", 4L));
    assertThat(failure("RESUME JOB '" + id + "'").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);

    // a cancelled job keeps the chunks it committed and never runs again
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "1");
    engine = SheafEngine.open(directory);
    update("ALTER TABLE t ADD COLUMN low AS (lower(caption)) STORED");
    awaitJobs();
    String second =
        engine.jobs().list().stream()
            .filter(job -> job.column().equals("low"))
            .findFirst()
            .orElseThrow()
            .id();
    update("CANCEL JOB '" + second + "'");
    engine.close();
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    engine = SheafEngine.open(directory);
    awaitJobs();
    assertThat(query("SELECT state FROM sys.jobs WHERE column_name = 'low'"))
        .containsExactly(List.of("CANCELLED"));
    assertThat(query("SELECT count(*) FROM t WHERE low IS NOT NULL")).containsExactly(List.of(1L));
    assertThat(failure("CANCEL JOB 'no-such-job'").code()).isEqualTo(ErrorCode.JOB_NOT_FOUND);
    assertThat(failure("wait for job 'no-such-job'").code()).isEqualTo(ErrorCode.JOB_NOT_FOUND);
    assertThat(update("WAIT FOR JOB '" + second + "'")).as("a cancelled job returns").isEqualTo(1);
  }

  @Test
  void rewritesFillTheComputedCellsOfTheirFiles() throws InterruptedException {
    System.setProperty(BackfillSettings.LAZY_FILL, "false"); // to see which cells are stored
    update("CREATE TABLE t (id INTEGER, caption VARCHAR, n INTEGER)");
    for (int i = 0; i < 3; i++) {
      update("INSERT INTO t VALUES (" + (2 * i) + ", 'a', 0), (" + (2 * i + 1) + ", 'b', 0)");
    }
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "1");
    engine = SheafEngine.open(directory);
    update("ALTER TABLE t ADD COLUMN shout AS (upper(caption)) STORED");
    awaitJobs();
    assertThat(query("SELECT count(*) FROM t WHERE shout IS NULL")).containsExactly(List.of(4L));
    // an update of one row rewrites its file: the other row of the file gets its cell too
    update("UPDATE t SET n = 1 WHERE id = 5");
    update("DELETE FROM t WHERE id = 2");
    assertThat(query("SELECT id FROM t WHERE shout IS NULL AND id >= 3")).isEmpty();
    // a second column added while the first one's job runs is filled in every file as well
    engine.close();
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    engine = SheafEngine.open(directory);
    update("ALTER TABLE t ADD COLUMN low AS (lower(caption))");
    awaitJobs();
    assertThat(query("SELECT count(*) FROM t WHERE low = caption AND shout = upper(caption)"))
        .containsExactly(List.of(5L));
    assertThat(engine.jobs().list())
        .extracting(BackfillJob::state)
        .containsOnly(BackfillJob.State.DONE);
  }
}
