package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowTypes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SheafEngineTest extends EngineTestCase {
  private ErrorCode failureCode(String sql) {
    return failure(sql).code();
  }

  private void images() {
    update(
        "CREATE TABLE images (id INTEGER PRIMARY KEY, img IMAGE, label VARCHAR, score DOUBLE,"
            + " emb VECTOR(3))");
    update(
        "INSERT INTO images VALUES (1, 's3://b/1.jpg', 'cat', 0.5, ARRAY[1.0, 0.0, 0.0]),"
            + " (2, 's3://b/2.jpg', 'dog', 0.25, ARRAY[0.0, 1.0, 0.0]),"
            + " (3, 's3://b/3.jpg', 'cat', 0.75, NULL)");
  }

  @Test
  void insertAndFilter() {
    images();
    assertThat(query("SELECT id, label FROM images WHERE score > 0.3 ORDER BY id"))
        .containsExactly(List.of(1, "cat"), List.of(3, "cat"));
    assertThat(query("SELECT label, count(*) AS n FROM images GROUP BY label ORDER BY label"))
        .containsExactly(List.of("cat", 2L), List.of("dog", 1L));
  }

  @Test
  void resultFieldsCarrySheafTypes() {
    images();
    var rows = QueryRows.of(engine.execute("SELECT img, emb, score * 2 AS twice FROM images"));
    var fields = rows.schema().getFields();
    assertThat(ArrowTypes.sheafType(fields.get(0)).toString()).isEqualTo("IMAGE");
    assertThat(ArrowTypes.sheafType(fields.get(1)).toString()).isEqualTo("VECTOR(3)");
    assertThat(ArrowTypes.sheafType(fields.get(2)).toString()).isEqualTo("DOUBLE");
    assertThat(rows.rows()).contains(Arrays.asList("s3://b/1.jpg", List.of(1f, 0f, 0f), 1.0));
  }

  @Test
  void updateDeleteAndMergeEachMakeOneVersion() {
    images();
    assertThat(update("UPDATE images SET label = 'kitten', score = score + 1 WHERE id = 1"))
        .isEqualTo(1);
    assertThat(update("DELETE FROM images WHERE label = 'dog'")).isEqualTo(1);
    assertThat(
            update(
                "MERGE INTO images t USING (VALUES (3, 'lion'), (4, 'owl')) AS s(id, label)"
                    + " ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET label = s.label"
                    + " WHEN NOT MATCHED THEN INSERT (id, label) VALUES (s.id, s.label)"))
        .isEqualTo(2);
    assertThat(query("SELECT id, label, score FROM images ORDER BY id"))
        .containsExactly(
            Arrays.asList(1, "kitten", 1.5),
            Arrays.asList(3, "lion", 0.75),
            Arrays.asList(4, "owl", null));
    assertThat(query("SELECT version, operation FROM \"images$history\" ORDER BY version"))
        .containsExactly(
            List.of(1L, "append"),
            List.of(2L, "overwrite"),
            List.of(3L, "overwrite"),
            List.of(4L, "overwrite"));
  }

  @Test
  void timeTravelTagsAndBranches() {
    images();
    update("CREATE TAG v1 ON images");
    update("DELETE FROM images WHERE id = 2");
    assertThat(query("SELECT count(*) FROM images")).containsExactly(List.of(2L));
    assertThat(query("SELECT count(*) FROM images FOR VERSION AS OF 1"))
        .containsExactly(List.of(3L));
    assertThat(query("SELECT count(*) FROM images FOR VERSION AS OF 'v1'"))
        .containsExactly(List.of(3L));
    assertThat(
            query(
                "SELECT count(*) FROM images FOR SYSTEM_TIME AS OF TIMESTAMP '2999-01-01 00:00:00'"))
        .containsExactly(List.of(2L));
    assertThat(
            failureCode(
                "SELECT * FROM images FOR SYSTEM_TIME AS OF TIMESTAMP '2000-01-01 00:00:00'"))
        .isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    update("CREATE BRANCH dev ON images VERSION 1");
    update("INSERT INTO \"images@branch=dev\" (id, label) VALUES (10, 'fox')");
    assertThat(query("SELECT count(*) FROM images FOR VERSION AS OF 'dev'"))
        .containsExactly(List.of(4L));
    assertThat(query("SELECT count(*) FROM images")).containsExactly(List.of(2L));
    assertThat(
            failureCode("INSERT INTO images FOR VERSION AS OF 1 VALUES (9, 'x', 'y', 1.0, NULL)"))
        .isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(failureCode("SELECT * FROM images FOR VERSION AS OF 99"))
        .isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    assertThat(failureCode("INSERT INTO \"images@branch=v1\" (id) VALUES (11)"))
        .isEqualTo(ErrorCode.READ_ONLY_VERSION);
    assertThat(failureCode("DELETE FROM \"images@snapshot=" + firstSnapshot() + "\""))
        .isEqualTo(ErrorCode.READ_ONLY_VERSION);
    // a snapshot id that names no kept version is an error, never an empty table
    assertThat(failureCode("SELECT count(*) FROM \"images@snapshot=12345\""))
        .isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    update("DROP TAG v1 ON images");
    assertThat(failureCode("SELECT * FROM images FOR VERSION AS OF 'v1'"))
        .isEqualTo(ErrorCode.REFERENCE_NOT_FOUND);
  }

  private long firstSnapshot() {
    return (Long)
        query("SELECT snapshot_id FROM \"images$history\" WHERE version = 1").get(0).get(0);
  }

  @Test
  void alterTableKeepsOldVersionsReadable() {
    images();
    update("ALTER TABLE images ADD COLUMN caption VARCHAR");
    update("ALTER TABLE images RENAME COLUMN label TO tag");
    update("UPDATE images SET caption = 'a ' || tag WHERE id = 1");
    assertThat(query("SELECT tag, caption FROM images WHERE id = 1"))
        .containsExactly(List.of("cat", "a cat"));
    assertThat(query("SELECT label FROM images FOR VERSION AS OF 1 WHERE id = 1"))
        .containsExactly(List.of("cat"));
    update("ALTER TABLE images DROP COLUMN caption");
    assertThat(failureCode("SELECT caption FROM images")).isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    update("ALTER TABLE images RENAME TO pictures");
    assertThat(query("SELECT count(*) FROM pictures")).containsExactly(List.of(3L));
    assertThat(failureCode("SELECT * FROM images")).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  @Test
  void createTableAsSelectAndSchemas() {
    images();
    update("CREATE SCHEMA lab");
    assertThat(update("CREATE TABLE lab.cats AS SELECT id, img FROM images WHERE label = 'cat'"))
        .isEqualTo(2);
    assertThat(query("SELECT id FROM lab.cats ORDER BY id"))
        .containsExactly(List.of(1), List.of(3));
    assertThat(failureCode("DROP SCHEMA lab")).isEqualTo(ErrorCode.SCHEMA_NOT_EMPTY);
    update("DROP SCHEMA lab CASCADE");
    assertThat(failureCode("SELECT * FROM lab.cats")).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  @Test
  void constraintsAndErrors() {
    images();
    assertThat(failureCode("INSERT INTO images (id, label) VALUES (1, 'again')"))
        .isEqualTo(ErrorCode.DUPLICATE_KEY);
    assertThat(failureCode("INSERT INTO images (id, label) VALUES (7, 'a'), (7, 'b')"))
        .isEqualTo(ErrorCode.DUPLICATE_KEY);
    assertThat(failureCode("INSERT INTO images (label) VALUES ('no id')"))
        .isEqualTo(ErrorCode.NOT_NULL_VIOLATION);
    assertThat(failureCode("SELEC * FROM images")).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(failureCode("SELECT nope FROM images")).isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    assertThat(failureCode("SELECT * FROM nowhere")).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    assertThat(failureCode("CREATE TABLE images (x INTEGER)"))
        .isEqualTo(ErrorCode.TABLE_ALREADY_EXISTS);
    assertThat(failureCode("INSERT INTO images (id, emb) VALUES (8, ARRAY[1.0])"))
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
    // nothing above changed the table
    assertThat(query("SELECT count(*) FROM images")).containsExactly(List.of(3L));
    assertThat(query("SELECT count(*) FROM \"images$history\"")).containsExactly(List.of(1L));
  }

  @Test
  void showAndDescribe() {
    images();
    update("CREATE SCHEMA lab");
    assertThat(query("SHOW SCHEMAS")).containsExactly(List.of("lab"), List.of("main"));
    assertThat(query("SHOW TABLES")).containsExactly(List.of("main", "images", "TABLE"));
    assertThat(query("DESCRIBE images"))
        .containsExactly(
            List.of("id", "INTEGER", false, true),
            List.of("img", "IMAGE", true, false),
            List.of("label", "VARCHAR", true, false),
            List.of("score", "DOUBLE", true, false),
            List.of("emb", "VECTOR(3)", true, false));
  }

  @Test
  void expireKeepsTaggedVersionsAndDropsTheRest() throws InterruptedException {
    images();
    update("CREATE TAG first ON images");
    update("UPDATE images SET score = 0 WHERE id = 1");
    update("DELETE FROM images WHERE id = 2");
    Thread.sleep(5);
    String now =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
    update("ALTER TABLE images EXPIRE VERSIONS OLDER THAN TIMESTAMP '" + now + "'");
    assertThat(query("SELECT version FROM \"images$history\" ORDER BY version"))
        .containsExactly(List.of(1L), List.of(3L));
    assertThat(failureCode("SELECT * FROM images FOR VERSION AS OF 2"))
        .isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    assertThat(query("SELECT count(*) FROM images FOR VERSION AS OF 'first'"))
        .containsExactly(List.of(3L));
  }

  @Test
  void syntaxErrorsSayWhere() {
    assertThatThrownBy(() -> engine.execute("SELECT *\nFROM t WHERE"))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("line 2, column");
  }

  @Test
  void vectorsWithNullElementsAreATypeMismatch() {
    update("CREATE TABLE vectors (id INTEGER, v VECTOR(3))");
    assertThatThrownBy(() -> update("INSERT INTO vectors VALUES (1, ARRAY[1, NULL, 3])"))
        .hasMessageContaining("element 2 is NULL")
        .isInstanceOfSatisfying(
            dev.sheaf.spi.error.SheafException.class,
            e -> assertThat(e.code()).isEqualTo(dev.sheaf.spi.error.ErrorCode.TYPE_MISMATCH));
    update("INSERT INTO vectors VALUES (2, ARRAY[1, 2, 3])");
    assertThat(query("SELECT count(*) FROM vectors")).containsExactly(java.util.List.of(1L));
  }
}
