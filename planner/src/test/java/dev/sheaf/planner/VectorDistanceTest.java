package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorDistanceTest extends EngineTestCase {
  private void points() {
    update("CREATE TABLE points (id INTEGER, emb VECTOR(3))");
    update(
        "INSERT INTO points VALUES (1, ARRAY[1.0, 0.0, 0.0]), (2, ARRAY[0.0, 2.0, 0.0]),"
            + " (3, ARRAY[1.0, 1.0, 0.0]), (4, NULL)");
  }

  @Test
  void distancesAgainstALiteral() {
    points();
    List<List<Object>> rows =
        query(
            "SELECT id, cosine_distance(emb, ARRAY[1.0, 0.0, 0.0]),"
                + " l2_distance(emb, ARRAY[1.0, 0.0, 0.0]),"
                + " inner_product(emb, ARRAY[1.0, 0.0, 0.0]) FROM points ORDER BY id");
    assertThat(rows.get(0)).containsExactly(1, 0.0, 0.0, 1.0);
    assertThat((Double) rows.get(1).get(1)).isCloseTo(1.0, within(1e-9));
    assertThat((Double) rows.get(1).get(2)).isCloseTo(Math.sqrt(5), within(1e-9));
    assertThat((Double) rows.get(2).get(1)).isCloseTo(1 - Math.sqrt(0.5), within(1e-6));
    assertThat(rows.get(3)).isEqualTo(Arrays.asList(4, null, null, null));
  }

  @Test
  void exactTopK() {
    points();
    assertThat(
            query(
                "SELECT id FROM points ORDER BY cosine_distance(emb, ARRAY[0.9, 0.1, 0.0]) LIMIT 2"))
        .containsExactly(List.of(1), List.of(3));
    assertThat(
            query(
                "SELECT id FROM points WHERE emb IS NOT NULL"
                    + " ORDER BY inner_product(emb, ARRAY[0.0, 1.0, 0.0]) DESC LIMIT 1"))
        .containsExactly(List.of(2));
  }

  @Test
  void betweenColumnsAndNormalize() {
    points();
    assertThat(query("SELECT normalize(emb) FROM points WHERE id = 2"))
        .containsExactly(List.of(List.of(0f, 1f, 0f)));
    assertThat(query("SELECT l2_distance(emb, emb) FROM points WHERE id = 3"))
        .containsExactly(List.of(0.0));
  }

  @Test
  void boundParameter() {
    points();
    try (var result =
        engine.execute(
            "SELECT id FROM points ORDER BY l2_distance(emb, ?) LIMIT 1",
            List.of(new float[] {0.0f, 1.9f, 0.0f}),
            new java.util.concurrent.atomic.AtomicBoolean())) {
      assertThat(QueryRows.of(result).rows()).containsExactly(List.of(2));
    }
  }

  @Test
  void dimensionMismatch() {
    points();
    assertThatThrownBy(() -> query("SELECT cosine_distance(emb, ARRAY[1.0, 0.0]) FROM points"))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH))
        .hasMessageContaining("3 and 2 dimensions");
  }
}
