package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL that PostgreSQL, Trino and DuckDB users type without thinking. */
class SqlEdgesTest {
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

  private SheafException failure(String sql) {
    try {
      engine.execute(sql).close();
    } catch (SheafException e) {
      return e;
    }
    throw new AssertionError("expected " + sql + " to fail");
  }

  @Test
  void caretIsPowerAsInPostgres() {
    assertThat(query("SELECT 2^3, 2 * 3^2, -2^2, 2^3^2, 2^-1, 4^0.5"))
        .containsExactly(List.of(8.0, 18.0, 4.0, 64.0, 0.5, 2.0));
    update("CREATE TABLE n (x INTEGER)");
    update("INSERT INTO n VALUES (3), (NULL)");
    assertThat(query("SELECT x ^ 2 FROM n ORDER BY x NULLS LAST"))
        .containsExactly(List.of(9.0), java.util.Arrays.asList((Object) null));
  }

  @Test
  void explainWithoutPlanFor() {
    update("CREATE TABLE n (x INTEGER)");
    List<List<Object>> plan = query("EXPLAIN SELECT x FROM n WHERE x > 1");
    assertThat(plan.get(0).get(0).toString()).contains("Scan");
    assertThat(query("EXPLAIN PLAN FOR SELECT x FROM n WHERE x > 1")).isEqualTo(plan);
    assertThat(failure("EXPLAIN SELEC 1").code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
  }
}
