package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VIRTUAL computed columns: computed by every read from the row as it is, never stored. */
class VirtualColumnsTest extends EngineTestCase {
  private long versions(String table) {
    return (Long) query("SELECT count(*) FROM \"" + table + "$history\"").get(0).get(0);
  }

  @Test
  void computedOnReadFollowingEveryWrite() {
    update("CREATE TABLE v (id INTEGER, caption VARCHAR, n INTEGER)");
    update("INSERT INTO v VALUES (1, 'cat', 2), (2, 'dog', 0)");
    update("INSERT INTO v VALUES (3, 'owl', 5)");
    long before = versions("v");
    update("ALTER TABLE v ADD COLUMN loud AS (upper(caption) || '!') VIRTUAL");
    update("ALTER TABLE v ADD COLUMN inverse AS (10 / n) VIRTUAL ON ERROR NULL");
    assertThat(versions("v")).as("no data written").isEqualTo(before);
    assertThat(query("SELECT count(*) FROM sys.jobs")).containsExactly(List.of(0L));
    assertThat(query("SELECT id, loud, inverse, inverse$error IS NOT NULL FROM v ORDER BY id"))
        .containsExactly(
            List.of(1, "CAT!", 5, false),
            Arrays.asList(2, "DOG!", null, true),
            List.of(3, "OWL!", 2, false));
    // a filter on it is not pruned by the NULLs its files hold
    assertThat(query("SELECT id FROM v WHERE loud = 'OWL!'")).containsExactly(List.of(3));
    assertThat(query("SELECT id FROM v WHERE inverse > 3")).containsExactly(List.of(1));
    // rows written later, and changed inputs, read computed too
    update("INSERT INTO v (id, caption, n) VALUES (4, 'eel', 1)");
    update("UPDATE v SET caption = 'cow' WHERE id = 2");
    assertThat(query("SELECT id, loud FROM v WHERE id IN (2, 4) ORDER BY id"))
        .containsExactly(List.of(2, "COW!"), List.of(4, "EEL!"));

    assertThat(failure("INSERT INTO v (id, loud) VALUES (9, 'x')").code())
        .isEqualTo(ErrorCode.INVALID_QUERY);
    assertThat(failure("UPDATE v SET loud = 'x'").code()).isEqualTo(ErrorCode.INVALID_QUERY);
    assertThat(failure("ALTER TABLE v RECOMPUTE loud").getMessage()).contains("VIRTUAL");
    assertThat(failure("ALTER TABLE v DROP COLUMN caption").getMessage()).contains("loud");
    update("ALTER TABLE v DROP COLUMN loud");
    assertThat(failure("SELECT loud$error FROM v").code()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
  }

  @Test
  void virtualColumnsInCreateTableAndVirtualEmbeddings() {
    update(
        "CREATE TABLE captions (id INTEGER, caption VARCHAR,"
            + " emb AS (embed_text('minilm', caption)) VIRTUAL)");
    update(
        "INSERT INTO captions (id, caption) VALUES (1, 'a photo of a cat'),"
            + " (2, 'a quarterly tax form')");
    assertThat(
            query(
                "SELECT id FROM captions ORDER BY"
                    + " cosine_distance(emb, embed_text('minilm', 'a kitten asleep on a sofa'))"
                    + " LIMIT 1"))
        .containsExactly(List.of(1));
    assertThat(failure("CREATE INDEX captions_emb ON captions USING HNSW (emb)").code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
  }
}
