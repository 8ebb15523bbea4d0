package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.planner.exec.BackfillSettings;
import dev.sheaf.planner.similarity.IndexDefinition;
import dev.sheaf.planner.similarity.VectorIndexes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CREATE INDEX on a table with rows: a job indexes them file by file, with progress in sys.jobs.
 */
class IndexBuildJobTest extends EngineTestCase {
  @AfterEach
  void clearSettings() {
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
  }

  private void awaitJobs() throws InterruptedException {
    assertThat(engine.jobs().await(Duration.ofSeconds(60))).isTrue();
  }

  private static final String JOBS =
      "SELECT kind, column_name, state, rows_done, rows_total FROM sys.jobs ORDER BY created_at";

  @Test
  void existingRowsAreIndexedByAJobThatSearchesNeverWaitWrongFor() throws InterruptedException {
    update("CREATE TABLE docs (id INTEGER, body VARCHAR, emb VECTOR(3))");
    String[] bodies = {"a cat", "a dog", "the cat sat", "a bird", "cat and cat", "a fish"};
    for (int file = 0; file < 3; file++) {
      int a = 2 * file;
      int b = a + 1;
      update(
          "INSERT INTO docs VALUES ("
              + a
              + ", '"
              + bodies[a]
              + "', ARRAY[1, "
              + a
              + ", 0]), ("
              + b
              + ", '"
              + bodies[b]
              + "', ARRAY[1, "
              + b
              + ", 0])");
    }
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "1");
    engine = SheafEngine.open(directory);
    update("CREATE INDEX docs_body ON docs USING FULLTEXT (body)");
    awaitJobs();
    assertThat(query(JOBS)).containsExactly(List.of("index", "docs_body", "RUNNING", 2L, 6L));

    // a search before the job is done indexes the rest itself, and is right
    assertThat(
            query("SELECT id FROM docs ORDER BY text_match(body, 'cat') DESC LIMIT 3").stream()
                .map(row -> row.get(0))
                .toList())
        .containsExactlyInAnyOrder(0, 2, 4);

    // the job resumes after a restart, finds the work done, and ends
    engine.close();
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    engine = SheafEngine.open(directory);
    String id = (String) query("SELECT job_id FROM sys.jobs").get(0).get(0);
    assertThat(update("WAIT FOR JOB '" + id + "'")).isEqualTo(6);
    assertThat(query(JOBS)).containsExactly(List.of("index", "docs_body", "DONE", 6L, 6L));

    // a vector index built by its job alone, and a dropped index's job cancelled
    update("CREATE INDEX docs_emb ON docs USING HNSW (emb) WITH (metric = 'l2')");
    awaitJobs();
    assertThat(query(JOBS).get(1)).isEqualTo(List.of("index", "docs_emb", "DONE", 6L, 6L));
    assertThat(
            query("SELECT id FROM docs ORDER BY l2_distance(emb, ARRAY[1, 4.2, 0]) LIMIT 2")
                .stream()
                .map(row -> row.get(0))
                .toList())
        .containsExactly(4, 5);
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "1");
    engine = SheafEngine.open(directory);
    update("CREATE INDEX docs_emb2 ON docs USING HNSW (emb)");
    awaitJobs();
    update("DROP INDEX docs_emb2");
    engine.close();
    System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    engine = SheafEngine.open(directory);
    awaitJobs();
    assertThat(query(JOBS).get(2)).isEqualTo(List.of("index", "docs_emb2", "CANCELLED", 2L, 6L));
  }

  /**
   * A build step that read its definition before a DROP INDEX or DROP TABLE committed (the job's
   * race with the drop) opens nothing that stays: it finds the index gone under the index's lock,
   * deletes what it opened, and reports the build complete.
   */
  @Test
  void aBuildStepAfterTheDropLeavesNoDirectory() {
    update("CREATE TABLE racy (id INTEGER, body VARCHAR)");
    update("INSERT INTO racy VALUES (1, 'a cat'), (2, 'a dog')");
    update("CREATE INDEX racy_body ON racy USING FULLTEXT (body)");
    Table table = engine.catalog().findTable(SheafCatalog.DEFAULT_SCHEMA, "racy").orElseThrow();
    IndexDefinition definition = IndexDefinition.find(table, "racy_body").orElseThrow();
    Path indexDirectory =
        directory.resolve("indexes").resolve(table.uuid().toString()).resolve("racy_body");

    update("DROP INDEX racy_body");
    assertThat(indexDirectory).doesNotExist();
    VectorIndexes.BuildStep step =
        engine.indexes().buildStep(table, table.currentSnapshot(), definition);
    assertThat(step.complete()).isTrue();
    assertThat(step.rowsAdded()).isZero();
    assertThat(indexDirectory).doesNotExist();

    // a search planned before the drop syncs after it: the directory comes back, with documents
    // the standard analyzer made; an index created again under that name must not take them
    engine.indexes().sync(table, table.currentSnapshot(), definition);
    assertThat(indexDirectory).exists();
    update("CREATE INDEX racy_body ON racy USING FULLTEXT (body) WITH (analyzer = 'keyword')");
    assertThat(query("SELECT id FROM racy ORDER BY text_match(body, 'cat') DESC LIMIT 5"))
        .isEmpty();
    assertThat(query("SELECT id FROM racy ORDER BY text_match(body, '\"a cat\"') DESC LIMIT 5"))
        .containsExactly(List.of(1));

    Table again = engine.catalog().findTable(SheafCatalog.DEFAULT_SCHEMA, "racy").orElseThrow();
    Path tableDirectory = directory.resolve("indexes").resolve(again.uuid().toString());
    update("DROP TABLE racy");
    step = engine.indexes().buildStep(again, again.currentSnapshot(), definition);
    assertThat(step.complete()).isTrue();
    assertThat(tableDirectory.resolve("racy_body")).doesNotExist();
  }
}
