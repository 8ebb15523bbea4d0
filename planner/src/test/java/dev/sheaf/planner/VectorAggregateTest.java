package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Aggregates that run on Arrow batches give the rows Calcite's row engine gives: each query runs
 * both ways (the JVM property {@code sheaf.vector-operators=false} keeps the row engine) on a table
 * of several files with NULLs, a deleted row and every type the operator reads.
 */
class VectorAggregateTest extends EngineTestCase {
  @BeforeEach
  void fill() {
    update(
        "CREATE TABLE sales (id BIGINT, shop INTEGER, label VARCHAR, amount DECIMAL(10, 2),"
            + " score DOUBLE, ratio REAL, sold DATE, seen TIMESTAMP, paid BOOLEAN)");
    update(
        "INSERT INTO sales VALUES"
            + " (1, 1, 'cat', 10.50, 1.5, 0.5, DATE '2026-01-01',"
            + " TIMESTAMP '2026-01-01 10:00:00.123456', TRUE),"
            + " (2, 1, 'dog', 20.25, -0.0, 1.5, DATE '2026-01-02',"
            + " TIMESTAMP '2026-01-01 10:00:00.123457', FALSE),"
            + " (3, 2, 'cat', NULL, 0.0, NULL, NULL, NULL, NULL),"
            + " (4, NULL, NULL, 5.00, NULL, 2.5, DATE '2026-01-03',"
            + " TIMESTAMP '2025-12-31 23:59:59.999999', TRUE)");
    update(
        "INSERT INTO sales VALUES"
            + " (5, 2, 'bird', 1.01, CAST('NaN' AS DOUBLE), 3.5, DATE '2026-02-01',"
            + " TIMESTAMP '2026-02-01 00:00:00', FALSE),"
            + " (6, 3, 'cat', 99.99, CAST('NaN' AS DOUBLE), 4.5, DATE '2026-02-02',"
            + " TIMESTAMP '2026-02-02 00:00:00.5', TRUE),"
            + " (7, 3, 'dog', 0.01, 7.25, 5.5, DATE '2026-02-03',"
            + " TIMESTAMP '2026-02-03 00:00:00', TRUE)");
    update("INSERT INTO sales VALUES (8, 4, 'gone', 1.00, 1.0, 1.0, NULL, NULL, FALSE)");
    update("DELETE FROM sales WHERE id = 8");
  }

  private static final List<String> QUERIES =
      List.of(
          "SELECT COUNT(*), COUNT(label), COUNT(amount), SUM(shop), SUM(amount), SUM(score),"
              + " SUM(ratio) FROM sales",
          "SELECT MIN(id), MAX(id), MIN(label), MAX(label), MIN(amount), MAX(amount), MIN(sold),"
              + " MAX(sold), MIN(paid), MAX(paid) FROM sales",
          "SELECT label, COUNT(*), SUM(amount), AVG(score), MIN(seen) FROM sales GROUP BY label",
          "SELECT shop, label, COUNT(*) AS n, SUM(id) FROM sales GROUP BY shop, label",
          "SELECT score, COUNT(*) FROM sales GROUP BY score",
          "SELECT sold, paid, COUNT(*) FROM sales GROUP BY sold, paid",
          "SELECT seen, COUNT(*) AS n FROM sales GROUP BY seen ORDER BY n, seen",
          "SELECT amount, MAX(ratio) FROM sales GROUP BY amount",
          "SELECT label, COUNT(*) FROM sales WHERE shop < 3 AND score > -1 GROUP BY label",
          "SELECT COUNT(*), SUM(id), MAX(label) FROM sales WHERE id > 100",
          "SELECT label, COUNT(*) FROM sales WHERE id > 100 GROUP BY label",
          "SELECT label, COUNT(DISTINCT shop) FROM sales GROUP BY label",
          "SELECT label, SUM(id * 2 + shop) FROM sales GROUP BY label HAVING COUNT(*) > 1",
          "SELECT label, COUNT(*) AS n FROM sales GROUP BY label ORDER BY n DESC, label LIMIT 2");

  @Test
  void aggregatesOnVectorsMatchTheRowEngine() {
    for (String sql : QUERIES) {
      assertThat(plan(sql)).as(sql).contains("SheafVectorAggregate");
      List<List<Object>> vectorized = query(sql);
      List<List<Object>> rows = onRowEngine(sql, "SheafVectorAggregate");
      assertThat(vectorized).as(sql).containsExactlyInAnyOrderElementsOf(rows);
    }
  }

  @Test
  void groupsFollowSqlEquality() {
    // -0.0 and 0.0 are one group, NaNs are one group, NULL keys are one group
    assertThat(query("SELECT score, COUNT(*) FROM sales WHERE id <> 4 GROUP BY score")).hasSize(4);
    assertThat(query("SELECT label, COUNT(*) FROM sales WHERE label IS NULL GROUP BY label"))
        .containsExactly(java.util.Arrays.asList(null, 1L));
  }

  private static List<Object> nullRow(Object first) {
    java.util.ArrayList<Object> row = new java.util.ArrayList<>();
    row.add(first);
    row.add(null);
    return row;
  }

  @Test
  void aWholeQueryAggregateKeepsMicroseconds() {
    // 2026-01-01 10:00:00.123456 and .123457: one millisecond, two values
    long first = 1_767_261_600_123_456L;
    assertThat(query("SELECT MIN(seen), MAX(seen) FROM sales WHERE id IN (1, 2)"))
        .containsExactly(List.of(first, first + 1));
    assertThat(query("SELECT seen, COUNT(*) FROM sales WHERE id IN (1, 2) GROUP BY seen"))
        .containsExactlyInAnyOrder(List.of(first, 1L), List.of(first + 1, 1L));
  }

  @Test
  void decimalSumsLeaveTheLongRangeExactly() {
    update("CREATE TABLE money (g INTEGER, v DECIMAL(38, 2))");
    update(
        "INSERT INTO money VALUES (1, 90000000000000000.00), (1, 90000000000000000.00),"
            + " (1, -0.01), (2, 123456789012345678901234.56), (2, 1.44), (3, NULL)");
    String sql = "SELECT g, SUM(v) FROM money GROUP BY g";
    assertThat(plan(sql)).contains("SheafVectorAggregate");
    assertThat(query(sql))
        .containsExactlyInAnyOrder(
            List.of(1, new java.math.BigDecimal("179999999999999999.99")),
            List.of(2, new java.math.BigDecimal("123456789012345678901236.00")),
            nullRow(3));
  }

  @Test
  void anOverflowingSumIsAnError() {
    update("CREATE TABLE big (v BIGINT)");
    update("INSERT INTO big VALUES (9223372036854775807), (1)");
    assertThat(plan("SELECT SUM(v) FROM big")).contains("SheafVectorAggregate");
    assertThat(failure("SELECT SUM(v) FROM big").code()).isEqualTo(ErrorCode.NUMERIC_OVERFLOW);
  }

  @Test
  void shapesWithoutAnArrowFormStayOnTheRowEngine() {
    assertThat(plan("SELECT label, COUNT(*) FILTER (WHERE paid) FROM sales GROUP BY label"))
        .doesNotContain("SheafVectorAggregate");
    assertThat(plan("SELECT COUNT(*) FROM sales a JOIN sales b ON a.id = b.id"))
        .doesNotContain("SheafVectorAggregate");
  }
}
