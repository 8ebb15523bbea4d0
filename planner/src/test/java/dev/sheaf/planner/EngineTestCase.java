package dev.sheaf.planner;

import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An embedded engine on a fresh data directory per test, and the statements tests run on it. */
abstract class EngineTestCase {
  @TempDir Path directory;
  SheafEngine engine;

  @BeforeEach
  void openEngine() {
    engine = SheafEngine.open(directory);
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  long update(String sql) {
    try (var result = engine.execute(sql)) {
      return result.updateCount();
    }
  }

  List<List<Object>> query(String sql) {
    return QueryRows.of(engine.execute(sql)).rows();
  }

  SheafException failure(String sql) {
    try {
      engine.execute(sql).close();
    } catch (SheafException e) {
      return e;
    }
    throw new AssertionError("expected " + sql + " to fail");
  }
}
