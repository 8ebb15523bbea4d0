package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.SheafException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text in any script is UTF-8 everywhere in SQL: literals, quoted names, LIKE patterns, functions,
 * comparisons in code point order (PostgreSQL's {@code C} collation), and error messages.
 */
class UnicodeTextTest extends EngineTestCase {
  private static final String JAPANESE = "猫が寝ている";
  private static final String ARABIC = "قطة نائمة";
  private static final String EMOJI = "h\u00e9llo 😀";
  private static final String LATIN = "héllo";

  @BeforeEach
  void captions() {
    update("CREATE TABLE u (id INTEGER PRIMARY KEY, caption VARCHAR)");
    update(
        "INSERT INTO u VALUES (1, '"
            + LATIN
            + "'), (2, '"
            + JAPANESE
            + "'), (3, '"
            + ARABIC
            + "'), (4, '"
            + EMOJI
            + "')");
  }

  private Object single(String sql) {
    List<List<Object>> rows = query(sql);
    assertThat(rows).hasSize(1);
    return rows.get(0).get(0);
  }

  @Test
  void literalsOutsideLatin1RoundTrip() {
    assertThat(single("SELECT caption FROM u WHERE id = 2")).isEqualTo(JAPANESE);
    assertThat(single("SELECT caption FROM u WHERE id = 3")).isEqualTo(ARABIC);
    assertThat(single("SELECT caption FROM u WHERE id = 4")).isEqualTo(EMOJI);
    assertThat(single("SELECT '" + EMOJI + "'")).isEqualTo(EMOJI);
    assertThat(single("SELECT '" + JAPANESE + "' || '" + EMOJI + "'")).isEqualTo(JAPANESE + EMOJI);
  }

  @Test
  void filtersGroupsAndJoinsMatchText() {
    assertThat(single("SELECT id FROM u WHERE caption = '" + JAPANESE + "'")).isEqualTo(2);
    assertThat(single("SELECT id FROM u WHERE caption LIKE '猫%'")).isEqualTo(2);
    assertThat(single("SELECT id FROM u WHERE caption LIKE '%😀'")).isEqualTo(4);
    assertThat(single("SELECT id FROM u WHERE caption IN ('" + ARABIC + "', 'x')")).isEqualTo(3);
    assertThat(
            query(
                "SELECT caption, count(*) FROM u WHERE caption <> '"
                    + LATIN
                    + "' GROUP BY caption ORDER BY caption"))
        .hasSize(3);
    update("CREATE TABLE names (caption VARCHAR, \"名前\" VARCHAR)");
    update("INSERT INTO names VALUES ('" + JAPANESE + "', 'ねこ')");
    assertThat(single("SELECT n.\"名前\" FROM u JOIN names n ON u.caption = n.caption"))
        .isEqualTo("ねこ");
  }

  @Test
  void updatesAndMergesKeepText() {
    update("UPDATE u SET caption = '" + EMOJI + JAPANESE + "' WHERE u.id = 1");
    assertThat(single("SELECT caption FROM u WHERE id = 1")).isEqualTo(EMOJI + JAPANESE);
    update(
        "MERGE INTO u USING (VALUES (2, '"
            + ARABIC
            + "')) AS s (id, caption) ON u.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET caption = s.caption");
    assertThat(single("SELECT caption FROM u WHERE id = 2")).isEqualTo(ARABIC);
    update("DELETE FROM u WHERE u.caption = '" + ARABIC + "'");
    assertThat(single("SELECT count(*) FROM u")).isEqualTo(2L);
  }

  @Test
  void functionsCountCharacters() {
    assertThat(single("SELECT char_length(caption) FROM u WHERE id = 2")).isEqualTo(6);
    assertThat(single("SELECT upper(caption) FROM u WHERE id = 1")).isEqualTo("HÉLLO");
    assertThat(single("SELECT substring(caption FROM 2 FOR 2) FROM u WHERE id = 2"))
        .isEqualTo("が寝");
    // an emoji is one character, never cut in half
    assertThat(single("SELECT char_length(caption) FROM u WHERE id = 4")).isEqualTo(7);
    assertThat(single("SELECT length('😀😃')")).isEqualTo(2);
    assertThat(single("SELECT substring('a😀b' FROM 2 FOR 1)")).isEqualTo("😀");
    assertThat(single("SELECT substring('a😀b' FROM 3)")).isEqualTo("b");
    assertThat(single("SELECT substring('a😀b' FROM -1 FOR 3)")).isEqualTo("a");
    assertThat(single("SELECT position('b' IN 'a😀b')")).isEqualTo(3);
    assertThat(single("SELECT left('😀😃😄', 2) || right('😀😃😄', -2)")).isEqualTo("😀😃😄");
    assertThat(single("SELECT upper('straße émile ж') || lower('ÀΣ')"))
        .isEqualTo("STRAßE ÉMILE Жàσ");
    assertThat(single("SELECT length(X'00ff10')")).isEqualTo(3);
    assertThatThrownBy(() -> query("SELECT substring('abc' FROM 1 FOR -1)"))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void textSortsInCodePointOrder() {
    update("CREATE TABLE o (id INTEGER, t VARCHAR)");
    update("INSERT INTO o VALUES (1, '😀'), (2, 'ق'), (3, 'z'), (4, 'é'), (5, '猫'), (6, 'Z')");
    assertThat(query("SELECT id FROM o ORDER BY t").stream().map(r -> r.get(0)).toList())
        .containsExactly(6, 3, 4, 2, 5, 1);
    assertThat(single("SELECT count(*) FROM o WHERE t > 'ق'")).isEqualTo(2L);
    assertThat(single("SELECT max(t) FROM o")).isEqualTo("😀");
  }

  @Test
  void jsonPathsNameKeysInAnyScript() {
    update("CREATE TABLE docs (id INTEGER, doc JSON)");
    update("INSERT INTO docs VALUES (1, '{\"名前\": \"ねこ\", \"a\": {\"😀\": 2}}')");
    assertThat(query("SELECT JSON_VALUE(doc, '$.名前'), JSON_VALUE(doc, '$.a.😀') FROM docs"))
        .containsExactly(List.of("ねこ", "2"));
    assertThat(single("SELECT id FROM docs WHERE JSON_VALUE(doc, '$.名前') = 'ねこ'")).isEqualTo(1);
  }

  @Test
  void errorsQuoteTheTextIntact() {
    assertThatThrownBy(() -> query("SELECT * FROM \"猫の表\""))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("猫の表");
  }
}
