package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Joins that run as hash joins on Arrow batches give the rows Calcite's row engine gives: each
 * query runs both ways on tables of several files with NULL keys, duplicate keys, keys with no
 * match, a deleted row and microsecond timestamps.
 */
class VectorHashJoinTest extends EngineTestCase {
  @BeforeEach
  void fill() {
    update(
        "CREATE TABLE orders (o_key BIGINT, o_shop INTEGER, o_date DATE, o_priority VARCHAR,"
            + " o_total DECIMAL(12, 2), o_seen TIMESTAMP)");
    update(
        "INSERT INTO orders VALUES"
            + " (1, 1, DATE '1994-02-01', '1-URGENT', 100.50, TIMESTAMP '2026-01-01 10:00:00.123456'),"
            + " (2, 2, DATE '1993-02-01', '2-HIGH', 20.25, TIMESTAMP '2026-01-01 10:00:00.123457'),"
            + " (3, 1, DATE '1994-06-01', '1-URGENT', NULL, NULL),"
            + " (NULL, 3, DATE '1994-07-01', '3-MEDIUM', 5.00, NULL)");
    update(
        "INSERT INTO orders VALUES (4, NULL, DATE '1994-08-01', '2-HIGH', 7.75, NULL),"
            + " (5, 2, DATE '1995-01-01', NULL, 1.00, NULL), (9, 9, NULL, 'gone', 0, NULL)");
    update("DELETE FROM orders WHERE o_key = 9");
    update(
        "CREATE TABLE lineitem (l_key BIGINT, l_shop INTEGER, l_price DECIMAL(12, 2),"
            + " l_discount DECIMAL(12, 2), l_mode VARCHAR, l_line INTEGER)");
    update(
        "INSERT INTO lineitem VALUES (1, 1, 10.00, 0.10, 'MAIL', 1), (1, 1, 5.00, 0.00, 'SHIP', 2),"
            + " (2, 2, 3.00, 0.00, 'AIR', 1), (NULL, 3, 1.00, 0.00, 'MAIL', 1),"
            + " (7, 1, 2.00, 0.05, 'SHIP', 1)");
    update(
        "INSERT INTO lineitem VALUES (3, 2, 8.00, 0.00, 'MAIL', 1), (3, 1, 9.50, 0.20, 'MAIL', 2),"
            + " (4, NULL, 4.00, 0.00, 'RAIL', 1), (1, 1, 6.00, 0.00, 'MAIL', 3)");
  }

  private static final List<String> QUERIES =
      List.of(
          "SELECT o_key, o_shop, o_date, o_priority, o_total, lineitem.*"
              + " FROM orders JOIN lineitem ON l_key = o_key",
          "SELECT o_key, l_shop, l_line FROM orders JOIN lineitem ON l_shop = o_key",
          "SELECT o_key, l_key, l_line FROM orders JOIN lineitem ON l_key = o_key + 1",
          "SELECT o_key, l_line, l_mode FROM orders LEFT JOIN lineitem ON l_key = o_key",
          "SELECT o_key, l_key, l_line FROM orders RIGHT JOIN lineitem ON l_key = o_key",
          "SELECT o_key, l_line FROM lineitem JOIN orders ON o_key = l_key AND o_shop = l_shop",
          "SELECT o_priority, COUNT(*) AS lines, SUM(l_price * (1 - l_discount)) AS revenue"
              + " FROM orders JOIN lineitem ON l_key = o_key"
              + " WHERE o_date >= DATE '1994-01-01' AND o_date < DATE '1995-01-01'"
              + " AND l_mode IN ('MAIL', 'SHIP') GROUP BY o_priority ORDER BY o_priority",
          "SELECT a.o_key, b.o_key FROM orders a JOIN orders b ON a.o_priority = b.o_priority",
          "SELECT o_key, o_total, l_line FROM orders JOIN lineitem ON l_key = o_key"
              + " WHERE l_line > 1",
          "SELECT o_key, l_line FROM orders JOIN lineitem ON l_key = o_key"
              + " ORDER BY o_key, l_line LIMIT 3");

  @Test
  void joinsOnVectorsMatchTheRowEngine() {
    for (String sql : QUERIES) {
      assertThat(plan(sql)).as(sql).contains("SheafVectorHashJoin");
      List<List<Object>> vectorized = query(sql);
      List<List<Object>> rows = onRowEngine(sql, "SheafVectorHashJoin");
      assertThat(vectorized).as(sql).containsExactlyInAnyOrderElementsOf(rows);
    }
  }

  @Test
  void aWholeQueryJoinKeepsMicroseconds() {
    assertThat(
            query(
                "SELECT o_seen, l_line FROM orders JOIN lineitem ON l_key = o_key"
                    + " WHERE o_key = 2"))
        .containsExactly(List.of(1_767_261_600_123_457L, 1));
  }

  @Test
  void theSmallerTableIsTheBuildSide() {
    update("INSERT INTO lineitem SELECT * FROM lineitem");
    assertThat(plan("SELECT * FROM orders JOIN lineitem ON l_key = o_key"))
        .contains("build=[left]");
    assertThat(plan("SELECT * FROM lineitem JOIN orders ON l_key = o_key"))
        .contains("build=[right]");
    assertThat(plan("SELECT * FROM lineitem LEFT JOIN orders ON l_key = o_key"))
        .contains("build=[right]");
  }

  @Test
  void shapesWithoutAHashJoinStayOnTheRowEngine() {
    for (String sql :
        List.of(
            "SELECT * FROM orders JOIN lineitem ON l_key > o_key",
            "SELECT * FROM orders FULL JOIN lineitem ON l_key = o_key",
            "SELECT * FROM orders JOIN lineitem ON l_mode = UPPER(o_priority)")) {
      assertThat(plan(sql)).as(sql).doesNotContain("SheafVectorHashJoin");
      assertThat(query(sql))
          .as(sql)
          .containsExactlyInAnyOrderElementsOf(onRowEngine(sql, "SheafVectorHashJoin"));
    }
  }

  @Test
  void manyKeysGrowTheTables() {
    String hundred =
        java.util.stream.IntStream.range(0, 100)
            .mapToObj(Integer::toString)
            .collect(java.util.stream.Collectors.joining(", "));
    update(
        "CREATE TABLE nums AS SELECT CAST(a.x * 100 + b.x AS BIGINT) AS n, a.x AS hi"
            + " FROM (VALUES "
            + hundred
            + ") a(x), (VALUES "
            + hundred
            + ") b(x)");
    for (String sql :
        List.of(
            "SELECT COUNT(*), SUM(a.n), SUM(b.hi) FROM nums a JOIN nums b ON a.n = b.n",
            "SELECT COUNT(*), SUM(a.n) FROM nums a JOIN nums b ON a.n = b.n AND a.hi = b.hi")) {
      assertThat(plan(sql)).as(sql).contains("SheafVectorHashJoin");
      assertThat(query(sql)).as(sql).isEqualTo(onRowEngine(sql, "SheafVectorHashJoin"));
    }
    assertThat(query("SELECT COUNT(*) FROM nums a JOIN nums b ON a.n = b.n"))
        .containsExactly(List.of(10_000L));
  }
}
