package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** embed_text over the built-in MiniLM model: in SELECT, in computed columns, batched. */
class EmbedTextTest extends EngineTestCase {
  private static double cosine(List<?> a, List<?> b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.size(); i++) {
      double x = ((Number) a.get(i)).doubleValue();
      double y = ((Number) b.get(i)).doubleValue();
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return dot / Math.sqrt(na * nb);
  }

  private List<?> embedded(String text) {
    return (List<?>) query("SELECT embed_text('minilm', '" + text + "')").get(0).get(0);
  }

  @Test
  void selectGivesAVector384CloserForAKittenThanForATaxForm() {
    QueryRows rows =
        QueryRows.of(engine.execute("SELECT embed_text('minilm', 'a photo of a cat') AS v"));
    assertThat(ArrowTypes.sheafType(rows.schema().getFields().get(0)))
        .isEqualTo(SheafType.vector(384));
    List<?> cat = (List<?>) rows.rows().get(0).get(0);
    assertThat(cat).hasSize(384);
    assertThat(cosine(cat, embedded("a kitten asleep on a sofa")))
        .isGreaterThan(cosine(cat, embedded("a quarterly tax form")) + 0.2);
    assertThat(((Number) cat.get(0)).floatValue()).isCloseTo(0.032963f, within(1e-4f));
  }

  @Test
  void computedOnInsertInBatchesWithNullAndEmptyText() {
    update("CREATE TABLE captions_emb (id INTEGER, caption VARCHAR)");
    update("ALTER TABLE captions_emb ADD COLUMN emb AS (embed_text('minilm', caption)) STORED");
    long before = engine.models().embedding("minilm").calls();
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ");
      values.append(i == 1 ? "NULL" : i == 2 ? "''" : "'caption " + i + "'").append(")");
    }
    update("INSERT INTO captions_emb VALUES " + values);
    // 39 texts in batches of 32: two ONNX calls, not one per row
    assertThat(engine.models().embedding("minilm").calls() - before).isEqualTo(2);
    List<List<Object>> rows =
        query("SELECT id, emb, emb$error FROM captions_emb WHERE id IN (1, 2, 7) ORDER BY id");
    assertThat(rows.get(0).subList(1, 3)).containsExactly(null, null);
    assertThat((List<?>) rows.get(1).get(1)).hasSize(384);
    assertThat(rows.get(1).get(2)).isNull();
    assertThat(cosine((List<?>) rows.get(2).get(1), embedded("caption 7")))
        .isCloseTo(1.0, within(1e-6));
    assertThat(query("SELECT count(*) FROM captions_emb WHERE emb IS NULL"))
        .containsExactly(List.of(1L));
  }

  @Test
  void backfillEmbedsTheRowsAlreadyThere() throws InterruptedException {
    update("CREATE TABLE old_captions (id INTEGER, caption VARCHAR)");
    List<String> texts = new ArrayList<>();
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      texts.add("an old caption about thing " + i);
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", '");
      values.append(texts.get(i)).append("')");
    }
    update("INSERT INTO old_captions VALUES " + values);
    update("INSERT INTO old_captions VALUES (50, 'a kitten asleep on a sofa')");
    update("ALTER TABLE old_captions ADD COLUMN emb AS (embed_text('minilm', caption)) STORED");
    assertThat(engine.jobs().await(Duration.ofSeconds(120)))
        .as(() -> engine.jobs().list().toString())
        .isTrue();
    assertThat(query("SELECT count(*) FROM old_captions WHERE emb IS NULL"))
        .containsExactly(List.of(0L));
    List<?> kitten = (List<?>) query("SELECT emb FROM old_captions WHERE id = 50").get(0).get(0);
    assertThat(cosine(kitten, embedded("a kitten asleep on a sofa"))).isCloseTo(1.0, within(1e-6));
    List<?> three = (List<?>) query("SELECT emb FROM old_captions WHERE id = 3").get(0).get(0);
    assertThat(cosine(three, embedded(texts.get(3)))).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void anUnknownModelIsRefusedWithItsCode() {
    update("CREATE TABLE t (id INTEGER, caption VARCHAR)");
    var error = failure("ALTER TABLE t ADD COLUMN emb AS (embed_text('nope', caption)) STORED");
    assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
    assertThat(failure("SELECT embed_text('nope', 'x')").code())
        .isEqualTo(ErrorCode.MODEL_NOT_FOUND);
  }

  @Test
  void aModelCallIsTheQueryVectorOfASimilaritySearch() {
    update("CREATE TABLE photos_text (id INTEGER, caption VARCHAR)");
    update("ALTER TABLE photos_text ADD COLUMN emb AS (embed_text('minilm', caption)) STORED");
    update(
        "INSERT INTO photos_text VALUES (1, 'a photo of a cat'), (2, 'a quarterly tax form'),"
            + " (3, 'a red sports car on a race track'), (4, 'a bowl of ramen with egg')");
    String search =
        "SELECT id FROM photos_text ORDER BY cosine_distance(emb, embed_text('minilm',"
            + " 'a kitten asleep on a sofa')) LIMIT 2";
    // exact: the model runs once for the statement, not once per row
    assertThat(query(search).get(0)).containsExactly(1);
    update("CREATE INDEX photos_text_emb ON photos_text USING HNSW (emb)");
    assertThat(String.valueOf(query("EXPLAIN " + search))).contains("SheafIndexTopK");
    assertThat(query(search).get(0)).containsExactly(1);
    assertThat(
            query(
                    "SELECT id FROM photos_text WHERE id > 1 ORDER BY cosine_distance(emb,"
                        + " embed_text('minilm', 'noodle soup')) LIMIT 1")
                .get(0))
        .containsExactly(4);
  }
}
