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

  /** EXPLAIN's text for a query. */
  String plan(String sql) {
    StringBuilder text = new StringBuilder();
    for (List<Object> row : query("EXPLAIN PLAN FOR " + sql)) {
      text.append(row.get(0)).append('\n');
    }
    return text.toString();
  }

  /**
   * The rows of a query on Calcite's row engine, with the Arrow operators off; a comment makes its
   * text (the plan cache's key) differ from the query's.
   */
  List<List<Object>> onRowEngine(String sql, String operator) {
    System.setProperty("sheaf.vector-operators", "false");
    try {
      String rowSql = sql + " /* row engine */";
      org.assertj.core.api.Assertions.assertThat(plan(rowSql)).doesNotContain(operator);
      return query(rowSql);
    } finally {
      System.clearProperty("sheaf.vector-operators");
    }
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
