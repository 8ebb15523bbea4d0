package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Datasets: several tables committed, read, described, branched, merged and diffed as one. */
class DatasetsTest extends EngineTestCase {
  private void twoTables() {
    update("CREATE TABLE photos (id INTEGER PRIMARY KEY, uri VARCHAR)");
    update("CREATE TABLE labels (id INTEGER PRIMARY KEY, label VARCHAR)");
    update("INSERT INTO photos VALUES (1, 'a.jpg'), (2, 'b.jpg')");
    update("INSERT INTO labels VALUES (1, 'cat'), (2, 'dog')");
    update("CREATE DATASET train (photos, labels)");
  }

  @Test
  void aCommitReadsEveryMemberAsItWas() {
    twoTables();
    assertThat(query("COMMIT DATASET train TAG 'v1' MESSAGE 'first cut'"))
        .containsExactly(
            List.of("train", 1L, "v1", "main", "photos", 1L),
            List.of("train", 1L, "v1", "main", "labels", 1L));
    update("UPDATE labels SET label = 'lion' WHERE id = 1");
    update("INSERT INTO photos VALUES (3, 'c.jpg')");
    update("DELETE FROM photos WHERE id = 2");

    // the dataset's tables now, and at the commit by tag and by number
    assertThat(query("SELECT id FROM train.photos ORDER BY id"))
        .containsExactly(List.of(1), List.of(3));
    assertThat(query("SELECT id FROM train.photos FOR DATASET VERSION 'v1' ORDER BY id"))
        .containsExactly(List.of(1), List.of(2));
    assertThat(
            query(
                "SELECT p.uri, l.label FROM train.photos FOR DATASET VERSION 1 AS p JOIN"
                    + " train.labels FOR DATASET VERSION 1 AS l ON p.id = l.id ORDER BY p.id"))
        .containsExactly(List.of("a.jpg", "cat"), List.of("b.jpg", "dog"));

    assertThat(query("SELECT count(*) FROM sys.datasets WHERE dataset = 'train'"))
        .containsExactly(List.of(1L));
    update("COMMIT DATASET train");
    assertThat(query("SELECT \"commit\", tag, message FROM \"train$history\" ORDER BY 1"))
        .containsExactly(List.of(1L, "v1", "first cut"), Arrays.asList(2L, null, null));
    assertThat(query("SELECT versions FROM sys.dataset_commits WHERE \"commit\" = 2"))
        .containsExactly(List.of("{\"main.photos\":3,\"main.labels\":2}"));

    // the card: members, rows and the commit's message
    List<List<Object>> card = query("DESCRIBE DATASET train VERSION 'v1'");
    assertThat(card.get(0).subList(0, 4)).containsExactly("train", 1L, "v1", "first cut");
    assertThat(card.get(0).subList(5, 9)).containsExactly("main", "photos", 1L, 2L);
    assertThat(query("DESCRIBE DATASET train").get(0).get(1)).isEqualTo(2L);
  }

  @Test
  void expiringVersionsKeepsWhatACommitNamed() {
    twoTables();
    update("COMMIT DATASET train TAG 'v1'");
    // as if the server stopped between recording the commit and tagging the version
    update("DROP TAG \"dataset:train:1\" ON photos");
    update("UPDATE photos SET uri = 'z.jpg' WHERE id = 1");
    update("UPDATE photos SET uri = 'y.jpg' WHERE id = 1");
    update("ALTER TABLE photos EXPIRE VERSIONS OLDER THAN TIMESTAMP '2099-01-01 00:00:00'");
    assertThat(query("SELECT uri FROM train.photos FOR DATASET VERSION 'v1' WHERE id = 1"))
        .containsExactly(List.of("a.jpg"));
    assertThat(query("SELECT name FROM \"photos$refs\"")).contains(List.of("dataset:train:1"));
    update("DROP DATASET train");
    assertThat(query("SELECT name FROM \"photos$refs\""))
        .doesNotContain(List.of("dataset:train:1"));
  }

  @Test
  void badNamesAndRacesFailClearly() {
    twoTables();
    update("COMMIT DATASET train TAG 'v1'");
    assertThat(failure("COMMIT DATASET train TAG 'v1'").code())
        .isEqualTo(ErrorCode.REFERENCE_ALREADY_EXISTS);
    assertThat(query("SELECT count(*) FROM \"train$history\"")).containsExactly(List.of(1L));
    assertThat(failure("CREATE DATASET train (photos)").code())
        .isEqualTo(ErrorCode.DATASET_ALREADY_EXISTS);
    update("CREATE DATASET IF NOT EXISTS train (photos)");
    assertThat(failure("CREATE DATASET main (photos)").code())
        .isEqualTo(ErrorCode.DATASET_ALREADY_EXISTS);
    assertThat(failure("CREATE DATASET other (photos, nope)").code())
        .isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    assertThat(failure("COMMIT DATASET nope").code()).isEqualTo(ErrorCode.DATASET_NOT_FOUND);
    assertThat(failure("SELECT * FROM train.photos FOR DATASET VERSION 'v9'").code())
        .isEqualTo(ErrorCode.REFERENCE_NOT_FOUND);
    assertThat(failure("SELECT * FROM train.photos FOR DATASET VERSION 7").code())
        .isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    assertThat(failure("SELECT * FROM train.nope").code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    update("DROP TABLE labels");
    update("CREATE TABLE labels (id INTEGER, label VARCHAR)");
    var invalid = failure("COMMIT DATASET train");
    assertThat(invalid.code()).isEqualTo(ErrorCode.DATASET_INVALID);
    assertThat(invalid.getMessage()).contains("main.labels");
    assertThat(query("SELECT count(*) FROM \"train$history\"")).containsExactly(List.of(1L));
    update("DROP DATASET train");
    update("DROP DATASET IF EXISTS train");
    assertThat(failure("DROP DATASET train").code()).isEqualTo(ErrorCode.DATASET_NOT_FOUND);
  }

  @Test
  void diffListsAddedRemovedAndChangedRows() {
    twoTables();
    update("COMMIT DATASET train TAG 'v1'");
    update("UPDATE labels SET label = 'lion' WHERE id = 1");
    update("INSERT INTO photos VALUES (3, 'c.jpg')");
    update("DELETE FROM photos WHERE id = 2");
    assertThat(query("DIFF TABLE labels FROM 1"))
        .containsExactly(
            List.of(
                "labels",
                "changed",
                0L,
                "{\"id\":1,\"label\":\"cat\"}",
                "{\"id\":1,\"label\":\"lion\"}"));
    List<List<Object>> changes = query("DIFF DATASET train FROM 'v1'");
    assertThat(changes)
        .extracting(row -> row.get(0) + ":" + row.get(1))
        .containsExactlyInAnyOrder("labels:changed", "photos:removed", "photos:added");
    update("COMMIT DATASET train TAG 'v2'");
    assertThat(query("DIFF DATASET train FROM 'v1' TO 'v2'")).hasSize(3);
    assertThat(query("DIFF DATASET train FROM 'v2' TO 'v2'")).isEmpty();
    // a version of the table, and a tag, as the ends
    update("CREATE TAG before_all ON photos VERSION 1");
    assertThat(query("DIFF TABLE photos FROM 'before_all' TO 2")).hasSize(1);
  }

  @Test
  void aBranchOfTheDatasetMergesBackUnlessBothSidesChangedARow() {
    twoTables();
    update("CREATE BRANCH exp ON DATASET train");
    update("UPDATE \"labels@branch=exp\" SET label = 'tiger' WHERE id = 2");
    update("INSERT INTO \"photos@branch=exp\" VALUES (3, 'c.jpg')");
    update("INSERT INTO photos VALUES (4, 'd.jpg')");
    assertThat(query("SELECT count(*) FROM train.photos FOR DATASET VERSION 'exp'"))
        .containsExactly(List.of(3L));
    assertThat(query("MERGE BRANCH exp INTO main ON DATASET train"))
        .containsExactlyInAnyOrder(
            List.of("main", "photos", 1L, 0L, 0L, 4L), List.of("main", "labels", 0L, 1L, 0L, 3L));
    assertThat(query("SELECT id FROM photos ORDER BY id"))
        .containsExactly(List.of(1), List.of(2), List.of(3), List.of(4));
    assertThat(query("SELECT label FROM labels WHERE id = 2")).containsExactly(List.of("tiger"));
    // merging again changes nothing; a later branch change merges alone
    assertThat(query("MERGE BRANCH exp INTO main ON TABLE labels"))
        .containsExactly(Arrays.asList("main", "labels", 0L, 0L, 0L, null));
    update("UPDATE \"labels@branch=exp\" SET label = 'puma' WHERE id = 1");
    update("UPDATE labels SET label = 'lynx' WHERE id = 1");
    var conflict = failure("MERGE BRANCH exp INTO main ON DATASET train");
    assertThat(conflict.code()).isEqualTo(ErrorCode.MERGE_CONFLICT);
    assertThat(conflict.getMessage()).contains("labels").contains("_rowid [");
    assertThat(query("SELECT label FROM labels WHERE id = 1")).containsExactly(List.of("lynx"));
    // an added row whose key main took since is refused too
    update("UPDATE \"labels@branch=exp\" SET label = 'lynx' WHERE id = 1");
    update("INSERT INTO \"labels@branch=exp\" VALUES (9, 'owl')");
    update("INSERT INTO labels VALUES (9, 'bat')");
    assertThat(failure("MERGE BRANCH exp INTO main ON TABLE labels").code())
        .isEqualTo(ErrorCode.DUPLICATE_KEY);
  }

  @Test
  void diffOfSmallChangesReadsTheRowsTheirDeletesName() {
    update("CREATE TABLE many (id INTEGER, v VARCHAR)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'x").append(i).append("')");
    }
    update("INSERT INTO many VALUES " + values);
    // one row of 200 changes and one goes: both written merge-on-read (delete files on _rowid)
    update("UPDATE many SET v = 'changed' WHERE id = 7");
    update("DELETE FROM many WHERE id = 9");
    update("INSERT INTO many VALUES (500, 'new')");
    List<List<Object>> changes = query("DIFF TABLE many FROM 1");
    assertThat(changes)
        .extracting(row -> row.get(1) + ":" + row.get(2))
        .containsExactly("changed:7", "removed:9", "added:200");
    assertThat(changes.get(0).get(4)).isEqualTo("{\"id\":7,\"v\":\"changed\"}");
    assertThat(query("DIFF TABLE many FROM 2 TO 3"))
        .extracting(row -> row.get(1) + ":" + row.get(2))
        .containsExactly("removed:9");
  }
}
