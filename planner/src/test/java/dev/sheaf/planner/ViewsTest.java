package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filter and sampled views: defined once, read like tables, at any version of their base. */
class ViewsTest extends EngineTestCase {
  @Test
  void aFilterViewReadsItsBaseAsItIsNow() {
    update("CREATE TABLE pets (id INTEGER, kind VARCHAR, age INTEGER)");
    update("INSERT INTO pets VALUES (1, 'cat', 3), (2, 'dog', 5), (3, 'cat', 9)");
    update("CREATE VIEW cats AS SELECT id, age FROM pets WHERE kind = 'cat'");
    assertThat(query("SELECT id, age FROM cats ORDER BY id"))
        .containsExactly(List.of(1, 3), List.of(3, 9));
    // filters over it, joins with it
    assertThat(query("SELECT id FROM cats WHERE age > 5")).containsExactly(List.of(3));
    assertThat(query("SELECT c.id, p.kind FROM cats c JOIN pets p ON p.id = c.id ORDER BY c.id"))
        .containsExactly(List.of(1, "cat"), List.of(3, "cat"));
    update("INSERT INTO pets VALUES (4, 'cat', 1)");
    assertThat(query("SELECT count(*) FROM cats")).containsExactly(List.of(3L));
    // the filter reaches the base table's scan
    assertThat(plan("SELECT id FROM cats WHERE age > 5")).contains("pets");

    assertThat(query("SHOW TABLES"))
        .containsExactly(List.of("main", "cats", "VIEW"), List.of("main", "pets", "TABLE"));
    assertThat(failure("CREATE VIEW cats AS SELECT 1 AS x").code())
        .isEqualTo(ErrorCode.TABLE_ALREADY_EXISTS);
    assertThat(failure("CREATE VIEW pets AS SELECT 1 AS x").code())
        .isEqualTo(ErrorCode.TABLE_ALREADY_EXISTS);
    update("CREATE OR REPLACE VIEW cats AS SELECT id FROM pets WHERE kind = 'cat' AND age < 5");
    assertThat(query("SELECT * FROM cats ORDER BY id")).containsExactly(List.of(1), List.of(4));
    assertThat(failure("INSERT INTO cats VALUES (9)").code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(failure("DELETE FROM cats WHERE id = 1").getMessage()).contains("read-only");
    assertThat(failure("UPDATE cats SET id = 2").code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
    update("DROP VIEW cats");
    assertThat(failure("SELECT * FROM cats").code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    assertThat(failure("DROP VIEW cats").code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    update("DROP VIEW IF EXISTS cats");
    assertThat(failure("DROP VIEW pets").getMessage()).contains("DROP TABLE");
  }

  @Test
  void timeTravelReadsTheBaseAtThatVersion() {
    update("CREATE TABLE logs (id INTEGER, level VARCHAR)");
    update("INSERT INTO logs VALUES (1, 'error'), (2, 'info')");
    update("CREATE TAG first ON logs");
    update("INSERT INTO logs VALUES (3, 'error')");
    update("CREATE VIEW errors AS SELECT id FROM logs WHERE level = 'error'");
    assertThat(query("SELECT id FROM errors ORDER BY id")).containsExactly(List.of(1), List.of(3));
    assertThat(query("SELECT id FROM errors FOR VERSION AS OF 'first'"))
        .containsExactly(List.of(1));
    assertThat(query("SELECT id FROM errors FOR VERSION AS OF 1")).containsExactly(List.of(1));
    assertThat(query("SELECT e.id FROM errors FOR VERSION AS OF 2 AS e ORDER BY e.id"))
        .containsExactly(List.of(1), List.of(3));
  }

  @Test
  void aViewWhoseBaseChangedSaysSo() {
    update("CREATE TABLE items (id INTEGER, name VARCHAR, price INTEGER)");
    update("INSERT INTO items VALUES (1, 'pen', 2)");
    update("CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 5");
    update("CREATE VIEW everything AS SELECT * FROM items");
    update("ALTER TABLE items ADD COLUMN color VARCHAR");
    var changed = failure("SELECT * FROM everything");
    assertThat(changed.code()).isEqualTo(ErrorCode.VIEW_INVALID);
    assertThat(changed.getMessage()).contains("color").contains("CREATE OR REPLACE VIEW");
    assertThat(query("SELECT name FROM cheap")).containsExactly(List.of("pen"));
    update("ALTER TABLE items RENAME COLUMN name TO label");
    assertThat(failure("SELECT * FROM cheap").code()).isEqualTo(ErrorCode.VIEW_INVALID);
    update("DROP TABLE items");
    var dropped = failure("SELECT * FROM cheap");
    assertThat(dropped.code()).isEqualTo(ErrorCode.VIEW_INVALID);
    assertThat(dropped.getMessage()).contains("items");
  }

  /** Rows first to first + 999, one in ten labelled rare, in batches of 100. */
  private void insertNumbers(int first) {
    for (int batch = 0; batch < 10; batch++) {
      StringBuilder values = new StringBuilder();
      for (int i = batch * 100; i < batch * 100 + 100; i++) {
        values.append(values.isEmpty() ? "" : ", ").append("(").append(first + i).append(", '");
        values.append(i % 10 == 0 ? "rare" : "common").append("')");
      }
      update("INSERT INTO nums VALUES " + values);
    }
  }

  @Test
  void aSampleKeepsItsRowsAsTheTableGrows() {
    update("CREATE TABLE nums (n INTEGER, label VARCHAR)");
    insertNumbers(0);
    update("CREATE TAG loaded ON nums");
    update("CREATE VIEW tenth AS SELECT n FROM nums TABLESAMPLE BERNOULLI(10) REPEATABLE(42)");
    List<List<Object>> first = query("SELECT n FROM tenth ORDER BY n");
    assertThat(first.size()).isBetween(60, 140);
    assertThat(query("SELECT n FROM tenth ORDER BY n")).isEqualTo(first);
    insertNumbers(1000);
    List<List<Object>> grown = query("SELECT n FROM tenth WHERE n < 1000 ORDER BY n");
    assertThat(grown).as("rows in the sample stay in it").isEqualTo(first);
    assertThat(query("SELECT n FROM tenth FOR VERSION AS OF 'loaded' ORDER BY n")).isEqualTo(first);
    // another seed, another sample
    update("CREATE VIEW other AS SELECT n FROM nums TABLESAMPLE BERNOULLI(10) REPEATABLE(7)");
    assertThat(query("SELECT n FROM other WHERE n < 1000 ORDER BY n")).isNotEqualTo(first);

    update(
        "CREATE VIEW strata AS SELECT n, label FROM nums TABLESAMPLE BERNOULLI(10)"
            + " REPEATABLE(42) STRATIFY BY label");
    assertThat(query("SELECT label, count(*) FROM strata GROUP BY label ORDER BY label"))
        .containsExactly(List.of("common", 180L), List.of("rare", 20L));
  }
}
