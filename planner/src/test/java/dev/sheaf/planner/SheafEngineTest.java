package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SheafEngineTest {
  @TempDir Path directory;
  private SheafEngine engine;

  @BeforeEach
  void open() {
    engine = SheafEngine.open(directory);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private long update(String sql) {
    try (var result = engine.execute(sql)) {
      return result.updateCount();
    }
  }

  private List<List<Object>> query(String sql) {
    return QueryRows.of(engine.execute(sql)).rows();
  }

  @Test
  void createInsertSelect() {
    update("CREATE TABLE images (id INTEGER PRIMARY KEY, img IMAGE, label VARCHAR, score DOUBLE)");
    assertThat(update("INSERT INTO images VALUES (1, 's3://b/1.jpg', 'cat', 0.5), (2, 's3://b/2.jpg', 'dog', 0.25)"))
        .isEqualTo(2);
    assertThat(query("SELECT id, label FROM images WHERE score > 0.3"))
        .containsExactly(List.of(1, "cat"));
  }
}
