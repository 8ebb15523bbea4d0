package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorIndexDdlTest extends EngineTestCase {
  private void images() {
    update("CREATE TABLE images (id INTEGER, label VARCHAR, emb VECTOR(3))");
    update(
        "INSERT INTO images VALUES (1, 'cat', ARRAY[1.0, 0.0, 0.0]), (2, 'dog', ARRAY[0.0, 1.0,"
            + " 0.0]), (3, 'cat', NULL)");
  }

  @Test
  void createListDropAndKeepAcrossRestart() {
    images();
    update(
        "CREATE INDEX images_emb ON images USING HNSW (emb)"
            + " WITH (metric = 'l2', m = 8, ef_construction = 64)");
    update("CREATE INDEX images_cos ON images USING hnsw (emb)");
    List<List<Object>> listed =
        List.of(
            java.util.Arrays.asList(
                "main", "images", "images_cos", "emb", "HNSW", "cosine", 16, 100, null, "none"),
            java.util.Arrays.asList(
                "main", "images", "images_emb", "emb", "HNSW", "l2", 8, 64, null, "none"));
    String list = "SELECT * FROM sys.indexes ORDER BY index_name";
    assertThat(query(list)).isEqualTo(listed);
    engine.close();
    engine = SheafEngine.open(directory);
    assertThat(query(list)).isEqualTo(listed);
    update("DROP INDEX images_cos");
    update("DROP INDEX images_emb ON images");
    assertThat(query(list)).isEmpty();
    update("DROP INDEX IF EXISTS images_emb");
    assertThat(failure("DROP INDEX images_emb").code()).isEqualTo(ErrorCode.INDEX_NOT_FOUND);
  }

  @Test
  void badDefinitions() {
    images();
    update("CREATE INDEX images_emb ON images USING HNSW (emb)");
    assertThat(failure("CREATE INDEX images_emb ON images USING HNSW (emb)").code())
        .isEqualTo(ErrorCode.INDEX_ALREADY_EXISTS);
    update("CREATE INDEX IF NOT EXISTS images_emb ON images USING HNSW (emb)");
    var notVector = failure("CREATE INDEX by_label ON images USING HNSW (label)");
    assertThat(notVector.code()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(notVector.getMessage()).contains("VECTOR(n)");
    var metric = failure("CREATE INDEX x ON images USING HNSW (emb) WITH (metric = 'hamming')");
    assertThat(metric.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(metric.getMessage()).contains("'cosine', 'dot' or 'l2'");
    assertThat(failure("CREATE INDEX x ON images USING HNSW (emb) WITH (m = 0)").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure("CREATE INDEX x ON images USING HNSW (nope)").code())
        .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    assertThat(failure("CREATE INDEX x ON images USING FULLTEXT (emb)").code())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(failure("CREATE INDEX x ON images USING GIN (emb)").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    var drop = failure("ALTER TABLE images DROP COLUMN emb");
    assertThat(drop.code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(drop.getMessage()).contains("index 'images_emb'");
    update("DROP TABLE images");
    assertThat(query("SELECT * FROM sys.indexes")).isEmpty();
  }

  @Test
  void droppingASchemaDropsTheIndexesOfItsTables() throws InterruptedException {
    update("CREATE SCHEMA lab");
    update("CREATE TABLE lab.images (id INTEGER, emb VECTOR(3))");
    update("INSERT INTO lab.images VALUES (1, ARRAY[1.0, 0.0, 0.0])");
    update("CREATE INDEX lab_emb ON lab.images USING HNSW (emb)");
    assertThat(engine.jobs().await(java.time.Duration.ofSeconds(60))).isTrue(); // its build job
    java.nio.file.Path tableIndexes =
        directory
            .resolve("indexes")
            .resolve(engine.catalog().loadTable("lab", "images").uuid().toString());
    assertThat(tableIndexes.resolve("lab_emb")).isDirectory();

    update("DROP SCHEMA lab CASCADE");
    assertThat(tableIndexes).doesNotExist();
    assertThat(query("SELECT * FROM sys.indexes")).isEmpty();
  }
}
