package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Index top-k against the exact scan on clustered random vectors (3,000 rows of 32 dimensions in
 * two data files, seeded): the exact answer comes from the same query with {@code + 0} after the
 * distance, a shape no index takes.
 */
class VectorIndexSearchTest extends EngineTestCase {
  private static final int DIMENSION = 32;
  private static final int ROWS = 3000;

  private final Random random = new Random(20261207);
  private final float[][] centres = new float[25][DIMENSION];

  private float[] near(float[] centre, double spread) {
    float[] vector = new float[DIMENSION];
    for (int d = 0; d < DIMENSION; d++) {
      vector[d] = centre[d] + (float) (spread * random.nextGaussian());
    }
    return vector;
  }

  /** Rows 0..2999 in two inserts (two files); label = id % 1000; row 17 has a NULL vector. */
  private void points(String metric) {
    for (float[] centre : centres) {
      for (int d = 0; d < DIMENSION; d++) {
        centre[d] = (float) random.nextGaussian();
      }
    }
    update("CREATE TABLE points (id INTEGER, label INTEGER, emb VECTOR(" + DIMENSION + "))");
    for (int half = 0; half < 2; half++) {
      List<List<Object>> rows = new ArrayList<>();
      for (int id = half * ROWS / 2; id < (half + 1) * ROWS / 2; id++) {
        float[] vector = id == 17 ? null : near(centres[random.nextInt(centres.length)], 0.35);
        rows.add(java.util.Arrays.asList(id, id % 1000, vector));
      }
      engine.executeBatch("INSERT INTO points VALUES (?, ?, ?)", rows, new AtomicBoolean());
    }
    update("CREATE INDEX points_emb ON points USING HNSW (emb) WITH (metric = '" + metric + "')");
  }

  private String vector() {
    float[] query = near(centres[random.nextInt(centres.length)], 0.5);
    StringBuilder text = new StringBuilder("ARRAY[");
    for (int d = 0; d < DIMENSION; d++) {
      text.append(d == 0 ? "" : ", ").append(query[d]);
    }
    return text.append(']').toString();
  }

  private List<Object> ids(String sql) {
    return query(sql).stream().map(row -> row.get(0)).toList();
  }

  private static double recall(List<Object> found, List<Object> truth) {
    Set<Object> expected = new HashSet<>(truth);
    return truth.isEmpty()
        ? 1
        : found.stream().filter(expected::contains).count() / (double) truth.size();
  }

  @Test
  void recallAtTenAgainstExactSearch() {
    points("cosine");
    double total = 0;
    for (int q = 0; q < 30; q++) {
      String v = vector();
      List<Object> found =
          ids("SELECT id FROM points ORDER BY cosine_distance(emb, " + v + ") LIMIT 10");
      List<Object> truth =
          ids("SELECT id FROM points ORDER BY cosine_distance(emb, " + v + ") + 0 LIMIT 10");
      assertThat(found).hasSize(10);
      total += recall(found, truth);
    }
    assertThat(total / 30).isGreaterThanOrEqualTo(0.9);
    String v = vector();
    assertThat(
            String.valueOf(
                query(
                    "EXPLAIN SELECT id, cosine_distance(emb, "
                        + v
                        + ") AS d FROM points ORDER BY d LIMIT 10")))
        .contains("SheafIndexTopK(index=points_emb, metric=cosine, k=10, ef_search=100)");
    assertThat(
            String.valueOf(
                query(
                    "EXPLAIN SELECT id FROM points ORDER BY l2_distance(emb, " + v + ") LIMIT 10")))
        .doesNotContain("SheafIndexTopK");
    // ef_search per query, with a hint
    assertThat(
            String.valueOf(
                query(
                    "EXPLAIN SELECT /*+ ef_search(300) */ id FROM points"
                        + " ORDER BY cosine_distance(emb, "
                        + v
                        + ") LIMIT 10")))
        .contains("ef_search=300");
    assertThat(
            ids(
                "SELECT /*+ ef_search(300) */ id FROM points ORDER BY cosine_distance(emb, "
                    + v
                    + ") LIMIT 10"))
        .hasSize(10);
  }

  @Test
  void quantizedIndexesKeepRecallWithTheExactDistanceRankingTheirCandidates() {
    points("cosine");
    update("DROP INDEX points_emb");
    // the graph walks on quantized vectors; its candidates are scored again with the float ones
    java.util.Map<String, Double> floors = java.util.Map.of("int8", 0.9, "int4", 0.85, "bbq", 0.6);
    for (String quantization : List.of("int8", "int4", "bbq")) {
      update(
          "CREATE INDEX points_q ON points USING HNSW (emb) WITH (quantization = '"
              + quantization
              + "')");
      assertThat(query("SELECT quantization FROM sys.indexes WHERE index_name = 'points_q'"))
          .containsExactly(List.of(quantization));
      double total = 0;
      for (int q = 0; q < 20; q++) {
        String v = vector();
        List<Object> found =
            ids(
                "SELECT /*+ ef_search(300) */ id FROM points ORDER BY cosine_distance(emb, "
                    + v
                    + ") LIMIT 10");
        List<Object> truth =
            ids("SELECT id FROM points ORDER BY cosine_distance(emb, " + v + ") + 0 LIMIT 10");
        assertThat(found).hasSize(10);
        total += recall(found, truth);
      }
      assertThat(total / 20).as(quantization).isGreaterThanOrEqualTo(floors.get(quantization));
      update("DROP INDEX points_q");
    }
    assertThat(
            failure("CREATE INDEX points_q ON points USING HNSW (emb) WITH (quantization = 'int2')")
                .getMessage())
        .contains("give none, int8, int4 or bbq");
  }

  @Test
  void filteredSearchesReturnKRowsAtEverySelectivity() {
    points("l2");
    // label < n keeps n/1000 of the rows: 50%, 10%, 1%, 0.1% (3 rows)
    for (int n : new int[] {500, 100, 10, 1}) {
      for (int q = 0; q < 5; q++) {
        String v = vector();
        String where = " FROM points WHERE label < " + n + " ORDER BY l2_distance(emb, " + v + ")";
        List<Object> found = ids("SELECT id" + where + " LIMIT 10");
        List<Object> truth = ids("SELECT id" + where + " + 0 LIMIT 10");
        assertThat(found).hasSize(Math.min(10, truth.size()));
        assertThat(recall(found, truth)).as("recall at label < %d", n).isGreaterThanOrEqualTo(0.8);
        if (n <= 10) {
          // so few rows pass that Lucene searches them exactly
          assertThat(found).isEqualTo(truth);
        }
      }
    }
    String v = vector();
    assertThat(
            String.valueOf(
                query(
                    "EXPLAIN SELECT * FROM points WHERE label = 3 ORDER BY l2_distance(emb, "
                        + v
                        + ") LIMIT 5")))
        .contains("filtered");
    // SELECT * keeps the table's columns (no _rowid), and distances are exact
    List<List<Object>> rows =
        query(
            "SELECT *, l2_distance(emb, "
                + v
                + ") AS d FROM points p WHERE p.label = 3 ORDER BY d LIMIT 5");
    assertThat(rows).hasSize(3).allMatch(row -> row.size() == 4 && row.get(1).equals(3));
    assertThat(
            query(
                "SELECT *, l2_distance(emb, "
                    + v
                    + ") AS d FROM points p WHERE p.label = 3 ORDER BY d + 0 LIMIT 5"))
        .isEqualTo(rows);
  }

  @Test
  void versionsDeletesUpdatesAndRestart() {
    points("cosine");
    String v = vector();
    String nearest = "SELECT id FROM points ORDER BY cosine_distance(emb, " + v + ") LIMIT 3";
    List<Object> before = ids(nearest);
    update("CREATE TAG v1 ON points");
    int deleted = (Integer) before.get(0);
    int updated = (Integer) before.get(1);
    update("DELETE FROM points WHERE id = " + deleted);
    float[] far = new float[DIMENSION];
    java.util.Arrays.fill(far, -1f);
    String farText =
        "ARRAY["
            + java.util.stream.IntStream.range(0, DIMENSION)
                .mapToObj(i -> "-1.0")
                .collect(Collectors.joining(", "))
            + "]";
    update("UPDATE points SET emb = " + farText + " WHERE id = " + updated);
    // both changes were merge-on-read: the old versions stay in their files, hidden by deletes
    assertThat(engine.catalog().loadTable("main", "points").currentSnapshot().summary())
        .containsEntry("total-delete-files", "2");
    List<Object> after = ids(nearest);
    assertThat(after).doesNotContain(deleted, updated).contains(before.get(2));
    assertThat(after).isEqualTo(ids(nearest.replace(") LIMIT", ") + 0 LIMIT")));
    String tagged =
        "SELECT id FROM points FOR VERSION AS OF 'v1' ORDER BY cosine_distance(emb, "
            + v
            + ") LIMIT 3";
    assertThat(ids(tagged)).isEqualTo(before);
    assertThat(String.valueOf(query("EXPLAIN " + tagged))).contains("SheafIndexTopK");
    update("INSERT INTO points VALUES (5000, 0, " + v + ")");
    assertThat(ids(nearest).get(0)).isEqualTo(5000);

    engine.close();
    engine = SheafEngine.open(directory);
    assertThat(String.valueOf(query("EXPLAIN " + nearest))).contains("SheafIndexTopK");
    assertThat(ids(nearest).get(0)).isEqualTo(5000);
    assertThat(ids(tagged)).isEqualTo(before);
    // expiring versions drops the documents of files no version holds; the tag keeps its files
    update("ALTER TABLE points EXPIRE VERSIONS OLDER THAN TIMESTAMP '2999-01-01 00:00:00'");
    assertThat(ids(tagged)).isEqualTo(before);
    assertThat(ids(nearest).get(0)).isEqualTo(5000);
  }

  @Test
  void nullVectorsParametersMetricsAndBadInput() {
    points("dot");
    String v = vector();
    // the NULL vector of row 17 is never a candidate (an exact DESC puts NULLs first)
    assertThat(
            ids(
                "SELECT id FROM points WHERE id < 20 ORDER BY inner_product(emb, "
                    + v
                    + ") DESC LIMIT 30"))
        .hasSize(19)
        .doesNotContain(17);
    List<Object> literal =
        ids("SELECT id FROM points ORDER BY inner_product(emb, " + v + ") DESC LIMIT 5");
    assertThat(literal)
        .isEqualTo(
            ids(
                "SELECT id FROM points WHERE emb IS NOT NULL"
                    + " ORDER BY inner_product(emb, "
                    + v
                    + ") + 0 DESC LIMIT 5"));
    String[] parts = v.substring(6, v.length() - 1).split(", ");
    float[] bound = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bound[i] = Float.parseFloat(parts[i]);
    }
    String prepared =
        "SELECT id FROM points WHERE label >= ? ORDER BY inner_product(emb, ?) DESC LIMIT 5";
    try (var result = engine.execute(prepared, List.of(0, bound), new AtomicBoolean())) {
      assertThat(QueryRows.of(result).rows().stream().map(row -> row.get(0)).toList())
          .isEqualTo(literal);
    }
    // the WHERE's row-id query and the finishing statement are planned once, then reused
    int plans = engine.cachedPlans();
    float[] other = bound.clone();
    other[0] += 1;
    try (var result = engine.execute(prepared, List.of(500, other), new AtomicBoolean())) {
      assertThat(QueryRows.of(result).rows())
          .hasSize(5)
          .allMatch(row -> (Integer) row.get(0) % 1000 >= 500);
    }
    assertThat(engine.cachedPlans()).isEqualTo(plans);
    // the distance as a select item with its own parameter, ordered by its alias
    String aliased =
        "SELECT id, inner_product(emb, ?) AS d FROM points WHERE label >= ? ORDER BY d DESC LIMIT 5";
    try (var result = engine.execute(aliased, List.of(bound, 0), new AtomicBoolean())) {
      List<List<Object>> rows = QueryRows.of(result).rows();
      assertThat(rows.stream().map(row -> row.get(0)).toList()).isEqualTo(literal);
      assertThat((Double) rows.get(0).get(1)).isGreaterThanOrEqualTo((Double) rows.get(4).get(1));
    }
    try (var result =
        engine.execute("EXPLAIN " + aliased, List.of(bound, 0), new AtomicBoolean())) {
      assertThat(String.valueOf(QueryRows.of(result).rows())).contains("SheafIndexTopK");
    }
    assertThatThrownBy(
            () ->
                query(
                    "SELECT id FROM points ORDER BY inner_product(emb, ARRAY[1.0, 2.0]) DESC LIMIT 3"))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH));
  }
}
