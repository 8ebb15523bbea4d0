package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.arrow.ScanMetrics;
import dev.sheaf.planner.exec.TableIngest;
import dev.sheaf.planner.vector.ArrowScanReader;
import dev.sheaf.planner.vector.RowWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WHERE predicates pushed into Arrow's Parquet scanner: row groups their statistics rule out are
 * not decoded, and every predicate shape gives the rows the Java predicate alone gives.
 */
class FilterPushdownTest {
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

  private void update(String sql) {
    engine.execute(sql).close();
  }

  private List<List<Object>> query(String sql) {
    return QueryRows.of(engine.execute(sql)).rows();
  }

  /** Runs a vectorized query to its end and returns what its file readers did. */
  private ScanMetrics metrics(String sql, long expectedRows) throws IOException {
    try (var result = engine.execute(sql)) {
      ArrowScanReader reader = (ArrowScanReader) result.rows();
      long rows = 0;
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
      assertThat(rows).isEqualTo(expectedRows);
      return reader.metrics();
    }
  }

  @Test
  void rowGroupsTheStatisticsRuleOutAreNotDecoded() throws IOException {
    update("CREATE TABLE big (id BIGINT NOT NULL)");
    // ids 0 .. 131071, then 1131072 .. 1262143: one file whose row groups leave a gap
    try (IdBatches ids = sequence(engine.allocator(), 8, 32_768)) {
      engine.ingest(null, "big", ids, TableIngest.Mode.APPEND);
    }
    ScanMetrics all = metrics("SELECT id FROM big", 8 * 32_768);
    assertThat(all.files()).isEqualTo(1);

    ScanMetrics point = metrics("SELECT id FROM big WHERE id = 123456", 1);
    assertThat(point.filteredRowGroups()).isGreaterThan(1);
    assertThat(point.rowGroupsRead()).isEqualTo(1);
    assertThat(point.files()).isEqualTo(1);

    ScanMetrics tail = metrics("SELECT id FROM big WHERE id >= 1262134", 10);
    assertThat(tail.rowGroupsRead()).isEqualTo(1);

    // the file's bounds allow a match (Iceberg keeps the file), no row group's do: the file is not
    // opened for decoding
    ScanMetrics none = metrics("SELECT id FROM big WHERE id BETWEEN 500000 AND 900000", 0);
    assertThat(none.filteredRowGroups()).isGreaterThan(1);
    assertThat(none.rowGroupsRead()).isZero();
    assertThat(none.files()).isZero();

    assertThat(query("SELECT id FROM big WHERE id = 123456")).containsExactly(List.of(123456L));
  }

  @Test
  void filesTheirStatisticsRuleOutAreNotOpenedOnceTheSnapshotsFilesAreKept() throws IOException {
    update("CREATE TABLE small (id BIGINT NOT NULL)");
    update("INSERT INTO small VALUES (1), (2)");
    update("INSERT INTO small VALUES (100), (101)");
    for (int run = 0; run < 2; run++) { // planned, then from the kept file list
      ScanMetrics point = metrics("SELECT id FROM small WHERE id = 100", 1);
      assertThat(point.filteredRowGroups()).as("only the second file is checked").isEqualTo(1);
      assertThat(point.files()).isEqualTo(1);
    }
    assertThat(metrics("SELECT id FROM small WHERE id > 1000", 0).filteredRowGroups()).isZero();
    update("INSERT INTO small VALUES (2000)");
    assertThat(metrics("SELECT id FROM small WHERE id > 1000", 1).files()).isEqualTo(1);
    assertThat(metrics("SELECT id FROM small", 5).files()).isEqualTo(3);
    assertThat(query("SELECT id FROM small FOR VERSION AS OF 2 WHERE id > 50")).hasSize(2);
  }

  @Test
  void pushedPredicatesGiveTheRowsOfTheJavaPredicate() {
    update(
        "CREATE TABLE t (id BIGINT, n INTEGER, s VARCHAR, d DATE, b BOOLEAN, x DOUBLE,"
            + " ts TIMESTAMP)");
    update(
        "INSERT INTO t VALUES (1, 1, 'a', DATE '2026-01-01', TRUE, 0.5,"
            + " TIMESTAMP '2026-01-01 00:00:00'),"
            + " (2, 2, 'b', DATE '2026-01-02', FALSE, NULL, NULL),"
            + " (3, NULL, NULL, NULL, NULL, 1.5, TIMESTAMP '2026-01-03 00:00:00')");
    update(
        "INSERT INTO t VALUES (4, 4, 'ä', DATE '2026-02-01', TRUE, -1.0, NULL),"
            + " (5, 2, '', DATE '2025-12-31', NULL, 2.5, NULL), (6, NULL, 'b', NULL, FALSE, NULL,"
            + " NULL)");
    update("ALTER TABLE t ADD COLUMN stock INTEGER");
    update("INSERT INTO t (id, n, s, stock) VALUES (7, 7, 'g', 3), (8, NULL, NULL, NULL)");
    String[] predicates = {
      "n < 3",
      "n >= 2 AND s = 'b'",
      "n <> 2",
      "NOT (n = 1)",
      "NOT (n > 1 OR s IS NULL)",
      "s IS NULL",
      "s IS NOT NULL AND n IS NULL",
      "b",
      "NOT b",
      "b = FALSE",
      "d > DATE '2026-01-01'",
      "d <= DATE '2026-01-01' OR d IS NULL",
      "id IN (1, 3, 5, 8)",
      "id NOT IN (1, 3)",
      "n BETWEEN 1 AND 2",
      "s > 'a'",
      "s < 'b' AND s >= ''",
      "s = 'ä'",
      "n < 3 AND x > 0.5",
      "n < 3 OR x > 0.5",
      "NOT (n < 3 AND x > 0.5)",
      "ts > TIMESTAMP '2026-01-02 00:00:00' AND id > 1",
      "stock IS NULL",
      "stock > 2",
      "stock IS NULL AND n = 7",
      "NOT (stock = 3)",
    };
    for (String predicate : predicates) {
      String sql = "SELECT id FROM t WHERE " + predicate;
      assertThat(query("EXPLAIN PLAN FOR " + sql).get(0).get(0).toString())
          .as(sql)
          .contains("SheafVectorScan");
      // a partition's scan keeps its filter in Java (rows are counted from the file starts)
      List<List<Object>> javaOnly = new ArrayList<>();
      var plan = engine.partition(sql, 2);
      for (int i = 0; i < 2; i++) {
        javaOnly.addAll(
            QueryRows.of(
                    engine.executePartition(
                        sql, plan.pin(), new RowWindow(i, 2), new AtomicBoolean()))
                .rows());
      }
      assertThat(query(sql)).as(sql).containsExactlyElementsOf(javaOnly);
    }
    // SQL's three-valued logic, spelled out for a few of them
    assertThat(query("SELECT id FROM t WHERE n <> 2"))
        .containsExactlyInAnyOrder(List.of(1L), List.of(4L), List.of(7L));
    assertThat(query("SELECT id FROM t WHERE NOT (n > 1 OR s IS NULL)"))
        .containsExactlyInAnyOrder(List.of(1L));
    assertThat(query("SELECT id FROM t WHERE NOT b"))
        .containsExactlyInAnyOrder(List.of(2L), List.of(6L));
    assertThat(query("SELECT id FROM t WHERE stock IS NULL"))
        .containsExactlyInAnyOrder(
            List.of(1L),
            List.of(2L),
            List.of(3L),
            List.of(4L),
            List.of(5L),
            List.of(6L),
            List.of(8L));
  }

  /** Gap between the ids of the first and the second half of {@link #sequence}'s batches. */
  private static final long GAP = 1_000_000;

  /** Batches of consecutive ids, with a gap of {@link #GAP} half way. */
  private static IdBatches sequence(
      org.apache.arrow.memory.BufferAllocator allocator, int batches, int rows) {
    return new IdBatches(
        allocator,
        batches,
        rows,
        (batch, row) -> batch * rows + row + (batch >= batches / 2 ? GAP : 0),
        -1);
  }
}
