package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans that run on Arrow vectors give the rows Calcite's row engine gives. */
class VectorScanTest {
  @TempDir Path directory;
  private SheafEngine engine;

  @BeforeEach
  void open() {
    engine = SheafEngine.open(directory);
    update("CREATE TABLE items (id INTEGER, name VARCHAR, price DOUBLE, sold DATE, emb VECTOR(2))");
    update(
        "INSERT INTO items VALUES (1, 'apple', 1.5, DATE '2026-01-01', ARRAY[1.0, 2.0]),"
            + " (2, 'pear', NULL, DATE '2026-01-02', NULL), (3, NULL, 3.0, NULL, ARRAY[3.0, 4.0])");
    update("INSERT INTO items VALUES (4, 'plum', 4.5, DATE '2026-02-01', ARRAY[5.0, 6.0])");
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void update(String sql) {
    engine.execute(sql).close();
  }

  private List<List<Object>> query(String sql) {
    return QueryRows.of(engine.execute(sql)).rows();
  }

  private boolean vectorized(String sql) {
    return query("EXPLAIN PLAN FOR " + sql).get(0).get(0).toString().contains("SheafVectorScan");
  }

  private static List<Object> row(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  @Test
  void projectsFiltersAndLimitsOnVectors() {
    String sql = "SELECT name, id FROM items WHERE price > 1.0 AND id <> 3";
    assertThat(vectorized(sql)).isTrue();
    assertThat(query(sql)).containsExactlyInAnyOrder(row("apple", 1), row("plum", 4));
    assertThat(query("SELECT id FROM items WHERE price IS NULL OR name IS NULL"))
        .containsExactlyInAnyOrder(row(2), row(3));
    assertThat(query("SELECT id FROM items WHERE NOT (price > 2)"))
        .containsExactlyInAnyOrder(row(1));
    assertThat(query("SELECT id FROM items WHERE id IN (1, 4) OR name = 'pear'"))
        .containsExactlyInAnyOrder(row(1), row(2), row(4));
    assertThat(query("SELECT id FROM items WHERE sold >= DATE '2026-01-02'"))
        .containsExactlyInAnyOrder(row(2), row(4));
    assertThat(vectorized("SELECT * FROM items LIMIT 2")).isTrue();
    assertThat(query("SELECT * FROM items LIMIT 2")).hasSize(2);
  }

  @Test
  void vectorsNullsAndAllColumnsComeThrough() {
    assertThat(query("SELECT id, emb FROM items WHERE id >= 2"))
        .containsExactlyInAnyOrder(row(2, null), row(3, List.of(3f, 4f)), row(4, List.of(5f, 6f)));
    assertThat(query("SELECT * FROM items WHERE id = 1"))
        .containsExactly(row(1, "apple", 1.5, 20454, List.of(1f, 2f)));
  }

  @Test
  void renamedAndAddedColumnsReadByFieldId() {
    update("ALTER TABLE items RENAME COLUMN name TO title");
    update("ALTER TABLE items ADD COLUMN stock INTEGER");
    update("INSERT INTO items (id, title, stock) VALUES (5, 'fig', 7)");
    String sql = "SELECT id, title, stock FROM items WHERE id IN (1, 5)";
    assertThat(vectorized(sql)).isTrue();
    assertThat(query(sql)).containsExactlyInAnyOrder(row(1, "apple", null), row(5, "fig", 7));
  }

  @Test
  void filesDecodedInParallelComeBackInOneOrderAndSplitIntoWindows() throws Exception {
    update("CREATE TABLE nums (id BIGINT)");
    int files = 7;
    for (int file = 0; file < files; file++) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        values.append(i == 0 ? "" : ", ").append("(").append(file * 1000 + i).append(")");
      }
      update("INSERT INTO nums VALUES " + values);
    }
    String sql = "SELECT id FROM nums WHERE id % 1000 >= 10";
    String scan = "SELECT id FROM nums WHERE id >= 10";
    assertThat(vectorized(scan)).isTrue();
    List<List<Object>> whole = query(scan);
    assertThat(whole).hasSize(files * 50 - 10);
    assertThat(query(scan)).isEqualTo(whole);
    assertThat(query(sql)).hasSize(files * 40);

    var plan = engine.partition(scan, 3);
    List<List<Object>> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      parts.addAll(
          QueryRows.of(
                  engine.executePartition(
                      scan,
                      plan.pin(),
                      new dev.sheaf.planner.vector.RowWindow(i, 3),
                      new java.util.concurrent.atomic.AtomicBoolean()))
              .rows());
    }
    assertThat(parts).isEqualTo(whole);

    // a reader closed after its first batch releases what the decoders held (the allocator is
    // closed after each test and fails on a leak)
    try (var result = engine.execute("SELECT id FROM nums")) {
      assertThat(result.rows().loadNextBatch()).isTrue();
    }
    assertThat(query("SELECT id FROM nums LIMIT 3")).hasSize(3);
  }

  @Test
  void numericExpressionsRunOnVectorsAndMatchCalcite() {
    String sql =
        "SELECT id + 1, id * 100000000, CAST(id AS BIGINT) * 3000000000, price * 2, price / id,"
            + " -price, id - price, CAST(id AS DOUBLE), id FROM items WHERE id <> 3";
    assertThat(vectorized(sql)).isTrue();
    List<List<Object>> rows = query(sql);
    // the same expressions on Calcite's row engine (the ORDER BY keeps them off the vector path)
    List<List<Object>> calcite = query(sql + " ORDER BY id");
    assertThat(rows).containsExactlyInAnyOrderElementsOf(calcite);
    assertThat(rows)
        .contains(
            row(2, 100000000, 3000000000L, 3.0, 1.5, -1.5, -0.5, 1.0, 1),
            row(3, 200000000, 6000000000L, null, null, null, null, 2.0, 2),
            row(5, 400000000, 12000000000L, 9.0, 1.125, -4.5, -0.5, 4.0, 4));
    // an INTEGER out of range is an error, as in PostgreSQL, on vectors as on the row engine
    String overflow = "SELECT id * 1000000000 FROM items WHERE id <> 3";
    assertThat(vectorized(overflow)).isTrue();
    for (String text : List.of(overflow, overflow + " ORDER BY id")) {
      try {
        query(text);
        throw new AssertionError("expected " + text + " to overflow");
      } catch (dev.sheaf.spi.error.SheafException e) {
        assertThat(e.code()).isEqualTo(dev.sheaf.spi.error.ErrorCode.NUMERIC_OVERFLOW);
      }
    }
  }

  @Test
  void parametersBecomeLiteralsOfTheVectorScan() {
    java.util.function.BiFunction<String, List<Object>, List<List<Object>>> run =
        (sql, values) ->
            QueryRows.of(
                    engine.execute(sql, values, new java.util.concurrent.atomic.AtomicBoolean()))
                .rows();
    assertThat(run.apply("SELECT name FROM items WHERE id = ?", List.of(2)))
        .containsExactly(row("pear"));
    assertThat(
            run.apply(
                "SELECT id, price * ? FROM items WHERE name IN (?, ?) AND sold >= ?",
                List.of(2.0, "apple", "plum", java.time.LocalDate.of(2026, 1, 1))))
        .containsExactlyInAnyOrder(row(1, 3.0), row(4, 9.0));
    assertThat(run.apply("SELECT id FROM items WHERE price IS NULL OR id > ?", List.of(3L)))
        .containsExactlyInAnyOrder(row(2), row(4));
    assertThat(run.apply("SELECT id FROM items WHERE id < ? LIMIT 2", List.of(100))).hasSize(2);
  }

  @Test
  void queriesOutsideTheShapeStayOnCalcite() {
    assertThat(vectorized("SELECT id FROM items ORDER BY id")).isFalse();
    assertThat(vectorized("SELECT id FROM items WHERE id + 1 > 2")).isFalse();
    assertThat(vectorized("SELECT id / 2 FROM items")).isFalse(); // integer division raises on 0
    assertThat(vectorized("SELECT id FROM items WHERE upper(name) = 'PEAR'")).isFalse();
    assertThat(query("SELECT id FROM items WHERE upper(name) = 'PEAR'")).containsExactly(row(2));
  }
}
