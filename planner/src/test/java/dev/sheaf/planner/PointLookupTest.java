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
 * Point queries ({@code WHERE id = k}, IN lists) read through the point lookup: only the row group
 * the statistics keep and, in a file of several pages per column, only the page the column index
 * keeps, with every other column read at the matching row alone; the rows are those of the Java
 * predicate on a full scan, for present and absent keys, NULLs, and after deletes and updates.
 */
class PointLookupTest {
  private static final int ROWS = 100_000;

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
      assertThat(rows).as(sql).isEqualTo(expectedRows);
      return reader.metrics();
    }
  }

  /** The rows of {@code sql} with its filter evaluated in Java only (a partition's scan). */
  private List<List<Object>> javaOnly(String sql) {
    List<List<Object>> rows = new ArrayList<>();
    var plan = engine.partition(sql, 2);
    for (int i = 0; i < 2; i++) {
      rows.addAll(
          QueryRows.of(
                  engine.executePartition(
                      sql, plan.pin(), new RowWindow(i, 2), new AtomicBoolean()))
              .rows());
    }
    return rows;
  }

  private void assertSameAsJava(String sql) {
    assertThat(query(sql)).as(sql).containsExactlyInAnyOrderElementsOf(javaOnly(sql));
  }

  @Test
  void aPointQueryDecodesOneRowGroupOfArrowsFiles() throws IOException {
    update("CREATE TABLE big (id BIGINT)");
    // Arrow's writer: row groups of 32,768 rows, one page per column chunk; a NULL in batch 2
    try (IdBatches ids =
        new IdBatches(engine.allocator(), 8, 32_768, (batch, row) -> batch * 32_768 + row, 2)) {
      engine.ingest(null, "big", ids, TableIngest.Mode.APPEND);
    }
    ScanMetrics point = metrics("SELECT * FROM big WHERE id = 123456", 1);
    assertThat(point.lookups()).isEqualTo(1);
    assertThat(point.rowGroupsRead()).isEqualTo(1);
    assertThat(point.filteredRowGroups()).isEqualTo(8);
    assertThat(point.lookupRows()).isEqualTo(32_768);
    assertThat(query("SELECT id FROM big WHERE id = 123456")).containsExactly(List.of(123456L));

    ScanMetrics absent = metrics("SELECT * FROM big WHERE id = 81920", 0);
    assertThat(absent.lookups()).as("the NULL's row group is read, no row matches").isEqualTo(1);
    assertThat(metrics("SELECT * FROM big WHERE id = -5", 0).files()).isZero();
    for (String where :
        new String[] {"id = 40000", "id IN (3, 70000, 250000)", "id = 81920", "id IN (1, 2)"}) {
      assertSameAsJava("SELECT id FROM big WHERE " + where);
    }
  }

  @Test
  void aPointQueryDecodesOnePageOfAFileWithAPageIndex() throws IOException {
    update("CREATE TABLE src (id BIGINT)");
    try (IdBatches ids =
        new IdBatches(
            engine.allocator(), 4, ROWS / 4, (batch, row) -> batch * (ROWS / 4) + row, -1)) {
      engine.ingest(null, "src", ids, TableIngest.Mode.APPEND);
    }
    update(
        "CREATE TABLE keyed (id BIGINT, n INTEGER, s VARCHAR, x DOUBLE, b BOOLEAN, d DATE,"
            + " ts TIMESTAMP, amount DECIMAL(10, 2))");
    // parquet-java's writer (INSERT): one row group, pages of at most 20,000 rows, a page index
    update(
        "INSERT INTO keyed SELECT id,"
            + " CASE WHEN MOD(id, 5) = 0 THEN NULL ELSE CAST(MOD(id, 1000) AS INTEGER) END,"
            + " CASE WHEN MOD(id, 7) = 0 THEN NULL ELSE 'key-' || CAST(id AS VARCHAR) END,"
            + " CAST(id AS DOUBLE) / 4, MOD(id, 2) = 0,"
            + " DATE '2026-01-01' + CAST(MOD(id, 300) AS INTEGER) * INTERVAL '1' DAY,"
            + " TIMESTAMP '2026-01-01 00:00:00' + CAST(id AS INTEGER) * INTERVAL '1' SECOND,"
            + " CAST(CAST(MOD(id, 10000) AS DOUBLE) / 4 AS DECIMAL(10, 2))"
            + " FROM src");
    ScanMetrics point = metrics("SELECT * FROM keyed WHERE id = 54321", 1);
    assertThat(point.lookups()).isEqualTo(1);
    assertThat(point.rowGroupsRead()).isEqualTo(1);
    assertThat(point.lookupRows())
        .as("the rows of the one page holding the key, not the 100,000-row row group")
        .isPositive()
        .isLessThanOrEqualTo(20_000);
    assertThat(metrics("SELECT * FROM keyed WHERE id = 54321", 1).lookupRows())
        .isEqualTo(point.lookupRows());

    String[] wheres = {
      "id = 54321",
      "id = 35", // n and s are NULL
      "id = 70", // both NULL
      "id = 99999",
      "id = 0",
      "id = 100000", // absent, above the range
      "id = -1",
      "id IN (1, 25000, 25001, 77777)",
      "id = 54321 AND n IS NULL",
      "id = 54320 AND n IS NULL",
      "id = 54321 AND x > 1.0",
      "s = 'key-12345'",
      "s = 'key-14'", // NULL there: absent
      "n = 321 AND id < 2000",
      "id = 4242 OR id = 4243",
      "id = 25001 AND id >= 25000",
      "s IN ('key-1', 'key-2', 'key-7')",
    };
    for (String where : wheres) {
      assertSameAsJava("SELECT * FROM keyed WHERE " + where);
    }
    assertThat(query("SELECT id, n, s, b FROM keyed WHERE id = 35"))
        .containsExactly(java.util.Arrays.asList(35L, null, null, false));
    assertThat(query("SELECT id, n, s FROM keyed WHERE id = 54321"))
        .containsExactly(List.of(54321L, 321, "key-54321"));

    // merge-on-read deletes and updates still apply to what the lookup reads
    update("DELETE FROM keyed WHERE id = 54321");
    update("UPDATE keyed SET s = 'changed', n = NULL WHERE id = 12345");
    assertThat(query("SELECT * FROM keyed WHERE id = 54321")).isEmpty();
    assertThat(query("SELECT id, n, s FROM keyed WHERE id = 12345"))
        .containsExactly(java.util.Arrays.asList(12345L, null, "changed"));
    assertThat(query("SELECT id FROM keyed WHERE s = 'key-12345'")).isEmpty();
    for (String where : wheres) {
      assertSameAsJava("SELECT * FROM keyed WHERE " + where);
    }
  }
}
