package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** Result columns are named as PostgreSQL names them, never EXPR$n. */
class ResultNamesTest extends EngineTestCase {
  private List<String> names(String sql) {
    return QueryRows.of(engine.execute(sql)).schema().getFields().stream()
        .map(Field::getName)
        .toList();
  }

  @Test
  void expressionsAreNamedAsPostgresNamesThem() {
    update("CREATE TABLE t (x INTEGER, y DOUBLE, label VARCHAR)");
    update("INSERT INTO t VALUES (1, 2.5, 'a'), (2, 3.5, 'b')");
    assertThat(names("SELECT count(*), sum(x), x + 1, max(y) AS top FROM t GROUP BY x"))
        .containsExactly("count", "sum", "?column?", "top");
    assertThat(
            names(
                "SELECT CAST(x AS BIGINT), CAST(y + 1 AS INTEGER), CAST(label AS VARCHAR), 1 FROM t"))
        .containsExactly("x", "int4", "label", "?column?");
    assertThat(names("SELECT CASE WHEN x > 1 THEN 'big' END, upper(label), t.label FROM t"))
        .containsExactly("case", "upper", "label");
    assertThat(
            names(
                "SELECT EXTRACT(YEAR FROM DATE '2024-01-01'), coalesce(x, 0), CURRENT_DATE FROM t"))
        .containsExactly("extract", "coalesce", "current_date");
    assertThat(names("SELECT rank() OVER (ORDER BY x), (SELECT max(x) FROM t) FROM t"))
        .containsExactly("rank", "max");
    assertThat(names("SELECT a.x, b.x FROM t a JOIN t b ON a.x = b.x")).containsExactly("x", "x");
    assertThat(names("SELECT *, x * 2 FROM t ORDER BY x"))
        .containsExactly("x", "y", "label", "?column?");
    assertThat(names("SELECT count(*) FROM t UNION ALL SELECT sum(x) FROM t"))
        .containsExactly("count");
    assertThat(names("WITH c AS (SELECT x FROM t) SELECT min(x) FROM c")).containsExactly("min");
    assertThat(names("VALUES (1, 'a')")).containsExactly("column1", "column2");
    // after AS, keywords are labels, as in PostgreSQL
    assertThat(
            names("SELECT count(*) AS count, sum(x) AS sum, min(x) AS min, max(x) AS end FROM t"))
        .containsExactly("count", "sum", "min", "end");
    assertThat(names("SELECT x FROM t ORDER BY x LIMIT 1")).containsExactly("x");
    assertThat(
            names(
                "SELECT count(DISTINCT x), count(x), sum(y) OVER (), min(x) FILTER (WHERE x > 0),"
                    + " max(x), avg(y) FROM t GROUP BY y"))
        .containsExactly("count", "count", "sum", "min", "max", "avg");
  }

  @Test
  void createTableAsNamesColumnsAsTheQueryDoes() {
    update("CREATE TABLE t (x INTEGER, y DOUBLE)");
    update("INSERT INTO t VALUES (1, 2.5), (1, 3.5)");
    update("CREATE TABLE c AS SELECT x, count(*), max(y) AS top FROM t GROUP BY x");
    assertThat(names("SELECT * FROM c")).containsExactly("x", "count", "top");
    assertThat(query("SELECT count FROM c")).containsExactly(List.of(2L));
    var twice = failure("CREATE TABLE d AS SELECT x + 1, x * 2 FROM t");
    assertThat(twice.code()).isEqualTo(dev.sheaf.spi.error.ErrorCode.INVALID_QUERY);
    assertThat(twice.getMessage()).contains("\"?column?\"");
  }
}
