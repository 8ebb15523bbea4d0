package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ORDER BY ... LIMIT over a scan runs as a heap on Arrow batches and gives the rows Calcite's sort
 * gives: the same order for every key type, NULLs first or last as asked, ties in scan order, an
 * OFFSET, and a top-N under other operators.
 */
class VectorTopNTest extends EngineTestCase {
  @BeforeEach
  void fill() {
    update("CREATE TABLE runs (id BIGINT, name VARCHAR, score DOUBLE, sold DATE, seen TIMESTAMP)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      values.append(values.length() == 0 ? "" : ", ");
      values.append(
          String.format(
              java.util.Locale.ROOT,
              "(%d, %s, %s, DATE '2026-01-%02d', TIMESTAMP '2026-01-01 00:00:00.%06d')",
              i,
              i % 17 == 0 ? "NULL" : "'n" + (i * 7919 % 101) + "'",
              i % 13 == 0 ? "NULL" : String.valueOf((i * 31 % 50) / 4.0),
              1 + i % 28,
              i * 3));
      if (i % 100 == 99) {
        update("INSERT INTO runs VALUES " + values);
        values.setLength(0);
      }
    }
  }

  private static final List<String> QUERIES =
      List.of(
          "SELECT id, score FROM runs ORDER BY score, id LIMIT 7",
          "SELECT id, score FROM runs ORDER BY score DESC, id LIMIT 7",
          "SELECT id, score FROM runs ORDER BY score DESC NULLS LAST, id DESC LIMIT 9",
          "SELECT id, name FROM runs ORDER BY name NULLS FIRST, id LIMIT 12",
          "SELECT id, sold FROM runs WHERE id > 40 ORDER BY sold DESC, id LIMIT 5 OFFSET 3",
          "SELECT id, name, score, sold FROM runs ORDER BY id DESC LIMIT 4",
          "SELECT id FROM runs ORDER BY score LIMIT 1",
          "SELECT name, id * 2 AS twice FROM runs WHERE score > 3 ORDER BY twice DESC LIMIT 6");

  @Test
  void topNOnVectorsMatchesTheRowEngine() {
    for (String sql : QUERIES) {
      assertThat(plan(sql)).as(sql).contains("SheafVectorTopN");
      List<List<Object>> vectorized = query(sql);
      List<List<Object>> rows = onRowEngine(sql, "SheafVectorTopN");
      assertThat(vectorized).as(sql).isEqualTo(rows);
    }
  }

  @Test
  void aWholeQueryTopNKeepsMicroseconds() {
    // seen is 3 microseconds apart from row to row: within one millisecond for ~333 rows
    assertThat(query("SELECT id, seen FROM runs ORDER BY seen DESC, id LIMIT 2"))
        .containsExactly(
            List.of(299L, 1_767_225_600_000_000L + 897),
            List.of(298L, 1_767_225_600_000_000L + 894));
  }

  @Test
  void tiesKeepScanOrder() {
    List<List<Object>> firstDay = query("SELECT sold, id FROM runs WHERE sold = DATE '2026-01-01'");
    assertThat(query("SELECT sold, id FROM runs ORDER BY sold LIMIT 3"))
        .isEqualTo(firstDay.subList(0, 3));
  }

  @Test
  void fullSortsOnVectorsMatchTheRowEngine() {
    for (String sql :
        List.of(
            "SELECT id, score FROM runs ORDER BY score DESC NULLS LAST, id",
            "SELECT id, name FROM runs WHERE id > 40 ORDER BY name NULLS FIRST, id",
            "SELECT id, sold FROM runs ORDER BY sold, id OFFSET 5")) {
      assertThat(plan(sql)).as(sql).contains("SheafVectorSort");
      assertThat(query(sql)).as(sql).isEqualTo(onRowEngine(sql, "SheafVectorSort"));
    }
  }
}
