package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SQL that PostgreSQL, Trino and DuckDB users type without thinking. */
class SqlEdgesTest extends EngineTestCase {
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
    update("INSERT INTO n VALUES (1)");
    update("CREATE TAG v1 ON n");
    assertThat(query("EXPLAIN SELECT count(*) FROM n FOR VERSION AS OF 'v1'")).isNotEmpty();
    assertThat(query("EXPLAIN SELECT * FROM \"n$history\"")).isNotEmpty();
  }

  @Test
  void showColumnsIsDescribe() {
    update("CREATE TABLE t (id INTEGER PRIMARY KEY, label VARCHAR NOT NULL, score DOUBLE)");
    assertThat(query("SHOW COLUMNS FROM t"))
        .containsExactly(
            List.of("id", "INTEGER", false, true),
            List.of("label", "VARCHAR", false, false),
            List.of("score", "DOUBLE", true, false));
    assertThat(query("SHOW COLUMNS IN t")).isEqualTo(query("DESCRIBE t"));
    assertThat(failure("SHOW COLUMNS FROM nope").code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  @Test
  void truncateMakesAnEmptyVersion() {
    update("CREATE TABLE t (id INTEGER, label VARCHAR)");
    update("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    update("TRUNCATE TABLE t");
    assertThat(query("SELECT count(*) FROM t")).containsExactly(List.of(0L));
    assertThat(query("SELECT count(*) FROM t FOR VERSION AS OF 1")).containsExactly(List.of(2L));
    assertThat(query("SELECT version, total_rows FROM \"t$history\" ORDER BY version"))
        .containsExactly(List.of(1L, 2L), List.of(2L, 0L));
    update("INSERT INTO t VALUES (3, 'c')");
    update("TRUNCATE t");
    assertThat(query("SELECT count(*) FROM t")).containsExactly(List.of(0L));
    assertThat(failure("TRUNCATE TABLE nope").code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  @Test
  void alterColumnTypeWidens() {
    update(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, x REAL, d DECIMAL(5, 2), s VARCHAR)");
    update("INSERT INTO t VALUES (1, 2147483647, 1.5, 123.45, 'a')");
    update("ALTER TABLE t ALTER COLUMN n TYPE BIGINT");
    update("ALTER TABLE t ALTER x SET DATA TYPE DOUBLE");
    update("ALTER TABLE t ALTER COLUMN d TYPE DECIMAL(12, 2)");
    update("ALTER TABLE t ALTER COLUMN id TYPE BIGINT");
    assertThat(query("SHOW COLUMNS FROM t").stream().map(row -> row.get(1)).toList())
        .containsExactly("BIGINT", "BIGINT", "DOUBLE", "DECIMAL(12, 2)", "VARCHAR");
    update("INSERT INTO t VALUES (2, 2147483648 * 2, 0.1, 1234567890.12, 'b')");
    assertThat(query("SELECT id, n, x, d FROM t ORDER BY id"))
        .containsExactly(
            List.of(1L, 2147483647L, 1.5, new java.math.BigDecimal("123.45")),
            List.of(2L, 4294967296L, 0.1, new java.math.BigDecimal("1234567890.12")));
    assertThat(query("SELECT n FROM t WHERE n > 2147483647")).containsExactly(List.of(4294967296L));
    assertThat(query("SELECT sum(n), max(x) FROM t")).containsExactly(List.of(6442450943L, 1.5));
    update("UPDATE t SET s = 'c' WHERE id = 1");
    assertThat(query("SELECT n, x, d, s FROM t WHERE id = 1"))
        .containsExactly(List.of(2147483647L, 1.5, new java.math.BigDecimal("123.45"), "c"));
    for (String refused :
        List.of(
            "ALTER TABLE t ALTER COLUMN n TYPE INTEGER",
            "ALTER TABLE t ALTER COLUMN s TYPE INTEGER",
            "ALTER TABLE t ALTER COLUMN d TYPE DECIMAL(14, 4)",
            "ALTER TABLE t ALTER COLUMN x TYPE REAL")) {
      SheafException error = failure(refused);
      assertThat(error.code()).as(refused).isEqualTo(ErrorCode.TYPE_MISMATCH);
      assertThat(error.getMessage()).contains("Cannot change column").contains("INTEGER to BIGINT");
    }
    assertThat(failure("ALTER TABLE t ALTER COLUMN nope TYPE BIGINT").code())
        .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
  }

  @Test
  void refsListTagsAndBranches() {
    update("CREATE TABLE t (id INTEGER)");
    update("INSERT INTO t VALUES (1)");
    update("CREATE TAG v1 ON t");
    update("INSERT INTO t VALUES (2)");
    update("CREATE BRANCH dev ON t");
    assertThat(query("SELECT name, type, version FROM \"t$refs\" ORDER BY name"))
        .containsExactly(
            List.of("dev", "BRANCH", 2L), List.of("main", "BRANCH", 2L), List.of("v1", "TAG", 1L));
  }

  @Test
  void mergeWithConditionsAndDelete() {
    update("CREATE TABLE m (id INTEGER PRIMARY KEY, label VARCHAR, n INTEGER)");
    update("INSERT INTO m VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, 'd', 4)");
    assertThat(
            update(
                "MERGE INTO m USING (VALUES (1, 'x', 0), (2, 'y', 1), (3, 'z', 0), (5, 'new', 0),"
                    + " (6, 'skip', 1)) AS s(id, label, del) ON m.id = s.id"
                    + " WHEN MATCHED AND s.del = 1 THEN DELETE"
                    + " WHEN MATCHED AND m.n >= 3 THEN UPDATE SET label = s.label, n = m.n * 10"
                    + " WHEN NOT MATCHED AND s.del = 0 THEN INSERT (id, label) VALUES (s.id,"
                    + " s.label)"))
        .isEqualTo(3);
    assertThat(query("SELECT id, label, n FROM m ORDER BY id"))
        .containsExactly(
            java.util.Arrays.asList(1, "a", 1),
            java.util.Arrays.asList(3, "z", 30),
            java.util.Arrays.asList(4, "d", 4),
            java.util.Arrays.asList(5, "new", null));
    assertThat(
            update(
                "MERGE INTO m AS t USING (VALUES (4), (7)) AS s(id) ON t.id = s.id"
                    + " WHEN MATCHED THEN DELETE"))
        .isEqualTo(1);
    assertThat(
            update(
                "MERGE INTO m t USING (VALUES (1, 'one'), (3, 'three')) AS s(id, label)"
                    + " ON t.id = s.id"
                    + " WHEN MATCHED AND t.id = 1 THEN UPDATE SET label = s.label"
                    + " WHEN MATCHED THEN UPDATE SET n = 0"))
        .isEqualTo(2);
    assertThat(query("SELECT id, label, n FROM m ORDER BY id"))
        .containsExactly(
            java.util.Arrays.asList(1, "one", 1),
            java.util.Arrays.asList(3, "z", 0),
            java.util.Arrays.asList(5, "new", null));
    // one statement, one version: 1 insert, then one per MERGE
    assertThat(query("SELECT count(*) FROM \"m$history\"")).containsExactly(List.of(4L));
    assertThat(
            failure(
                    "MERGE INTO m USING (VALUES (1)) AS s(id) ON m.id = s.id"
                        + " WHEN MATCHED THEN UPDATE SET _rowid = 5")
                .code())
        .isEqualTo(ErrorCode.INVALID_QUERY);
  }

  @Test
  void namesCannotStepOutOfTheirWarehouseFolder() {
    for (String bad : List.of("a/b", "..", "x\\y", "up..", "tab\u0001")) {
      assertThat(failure("CREATE TABLE \"" + bad + "\" (id INTEGER)").code())
          .as(bad)
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(failure("CREATE SCHEMA \"" + bad + "\"").code())
          .as(bad)
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
    update("CREATE TABLE \"a table. with 'quotes' и текст\" (id INTEGER)");
    assertThat(failure("ALTER TABLE \"a table. with 'quotes' и текст\" RENAME TO \"../x\"").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }
}
