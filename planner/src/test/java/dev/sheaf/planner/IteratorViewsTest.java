package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Iterator views: one base row to many view rows, kept up to date with the base table. */
class IteratorViewsTest extends EngineTestCase {
  /** A PNG of that size (a gradient, so tiles differ), written under the data directory. */
  private String photo(String name, int width, int height) throws IOException {
    return file(name, png(width, height));
  }

  private static byte[] png(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x % 256) << 16 | (y % 256) << 8 | ((x + y) % 256));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private String file(String name, byte[] bytes) throws IOException {
    Path path = directory.resolve("photos").resolve(name);
    Files.createDirectories(path.getParent());
    Files.write(path, bytes);
    return path.toUri().toString();
  }

  private long count(String sql) {
    return (Long) query(sql).get(0).get(0);
  }

  @Test
  void tilesFollowInsertsUpdatesAndDeletesOfTheBase() throws IOException {
    update("CREATE TABLE photos (id INTEGER, label VARCHAR, img IMAGE)");
    update(
        "INSERT INTO photos VALUES (1, 'coffee', '"
            + photo("coffee.png", 600, 400)
            + "'), (2, 'cat', '"
            + photo("chelsea.png", 451, 300)
            + "')");
    update("CREATE TAG two ON photos");
    update("CREATE VIEW tiles AS SELECT * FROM TABLE(image_tiles(TABLE photos, size => 256))");
    assertThat(query("SELECT id, pos, x, y, width, height FROM tiles ORDER BY id, pos"))
        .containsExactly(
            List.of(1, 0, 0, 0, 256, 256),
            List.of(1, 1, 256, 0, 256, 256),
            List.of(1, 2, 512, 0, 88, 256),
            List.of(1, 3, 0, 256, 256, 144),
            List.of(1, 4, 256, 256, 256, 144),
            List.of(1, 5, 512, 256, 88, 144),
            List.of(2, 0, 0, 0, 256, 256),
            List.of(2, 1, 256, 0, 195, 256),
            List.of(2, 2, 0, 256, 256, 44),
            List.of(2, 3, 256, 256, 195, 44));
    // the payload is the crop, computed when read
    assertThat(
            query(
                "SELECT count(*) FROM tiles WHERE tile = crop(img, x, y, width, height)"
                    + " AND iterator_error IS NULL"))
        .containsExactly(List.of(10L));
    assertThat(query("SELECT DISTINCT base_rowid IS NOT NULL, label FROM tiles ORDER BY label"))
        .containsExactly(List.of(true, "cat"), List.of(true, "coffee"));
    assertThat(query("SHOW TABLES")).contains(List.of("main", "tiles", "VIEW"));

    update(
        "INSERT INTO photos VALUES (3, 'astronaut', '" + photo("astronaut.png", 512, 512) + "')");
    assertThat(count("SELECT count(*) FROM tiles")).isEqualTo(14);
    update("CREATE TAG three ON photos");
    update("DELETE FROM photos WHERE id = 1");
    assertThat(count("SELECT count(*) FROM tiles")).isEqualTo(8);
    update("UPDATE photos SET label = 'kitten' WHERE id = 2");
    assertThat(query("SELECT DISTINCT label FROM tiles ORDER BY label"))
        .containsExactly(List.of("astronaut"), List.of("kitten"));

    // time travel names versions of the base
    assertThat(count("SELECT count(*) FROM tiles FOR VERSION AS OF 'two'")).isEqualTo(10);
    assertThat(count("SELECT count(*) FROM tiles FOR VERSION AS OF 'three'")).isEqualTo(14);
    assertThat(
            count("SELECT count(*) FROM tiles FOR VERSION AS OF 'three' t WHERE t.label = 'cat'"))
        .isEqualTo(4);

    // a computed column of the view computes for new view rows
    update("ALTER TABLE tiles ADD COLUMN area AS (width * height) STORED");
    update("INSERT INTO photos VALUES (4, 'coins', '" + photo("coins.png", 384, 303) + "')");
    assertThat(query("SELECT pos, area FROM tiles WHERE id = 4 ORDER BY pos"))
        .containsExactly(
            List.of(0, 256 * 256),
            List.of(1, 128 * 256),
            List.of(2, 256 * 47),
            List.of(3, 128 * 47));

    // a filter view over the iterator view, and the view described
    update("CREATE VIEW wide_tiles AS SELECT id, pos FROM tiles WHERE width = 256");
    assertThat(count("SELECT count(*) FROM wide_tiles WHERE id = 4")).isEqualTo(2);
    assertThat(query("DESCRIBE wide_tiles"))
        .containsExactly(
            List.of("id", "INTEGER", true, false), List.of("pos", "INTEGER", true, false));
    update("DROP VIEW wide_tiles");
    // its rows follow the base: writing them is refused
    assertThat(failure("DELETE FROM tiles WHERE pos = 0").code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(failure("INSERT INTO tiles (base_rowid, id) VALUES (9, 9)").code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);

    update("DROP VIEW tiles");
    assertThat(failure("SELECT * FROM tiles").code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    update("INSERT INTO photos VALUES (5, 'owl', NULL)");
    assertThat(query("SHOW TABLES")).containsExactly(List.of("main", "photos", "TABLE"));
  }

  @Test
  void aReadCatchesUpWhenTheWriterDidNot() throws IOException {
    update("CREATE TABLE shots (id INTEGER, img IMAGE)");
    update("CREATE VIEW shot_tiles AS SELECT * FROM TABLE(image_tiles(TABLE shots, size => 100))");
    String query = "SELECT count(*) FROM shot_tiles";
    assertThat(count(query)).isZero();
    // as if another server wrote the base: this engine's write does not catch the view up
    engine
        .catalog()
        .loadTable("main", "shots")
        .updateProperties()
        .remove("sheaf.iterated-by.main.shot_tiles")
        .commit();
    update("INSERT INTO shots VALUES (1, '" + photo("wide.png", 250, 100) + "')");
    assertThat(count("SELECT count(*) FROM \"shot_tiles$history\""))
        .as("the write left the view alone")
        .isEqualTo(1);
    // the kept plan of the same query sees the base moved: planned again, caught up
    assertThat(count(query)).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM \"shot_tiles$history\"")).isEqualTo(2);
  }

  @Test
  void aStoredPayloadIsWrittenWithTheViewRows() throws IOException {
    update("CREATE TABLE prints (id INTEGER, img IMAGE)");
    update("INSERT INTO prints VALUES (1, '" + photo("print.png", 120, 60) + "')");
    update(
        "CREATE VIEW print_tiles AS SELECT * FROM TABLE(image_tiles(TABLE prints, size => 64,"
            + " stored => TRUE))");
    assertThat(query("SELECT pos, width FROM print_tiles ORDER BY pos"))
        .containsExactly(List.of(0, 64), List.of(1, 56));
    // stored: the cells are in the data files, equal to the crop computed now
    assertThat(
            count("SELECT count(*) FROM print_tiles WHERE tile = crop(img, x, y, width, height)"))
        .isEqualTo(2);
    assertThat(query("SELECT count(*) FROM sys.jobs")).containsExactly(List.of(0L));
    assertThat(
            failure(
                    "CREATE VIEW bad AS SELECT * FROM TABLE(image_tiles(TABLE prints, stored => 3))")
                .code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void theMediaColumnIsNamedWhenThereAreSeveral() throws IOException {
    update("CREATE TABLE pairs (id INTEGER, front IMAGE, back IMAGE, width INTEGER)");
    update(
        "INSERT INTO pairs VALUES (1, '"
            + photo("front.png", 50, 50)
            + "', '"
            + photo("back.png", 150, 50)
            + "', 7)");
    var ambiguous =
        failure("CREATE VIEW sides AS SELECT * FROM TABLE(image_tiles(TABLE pairs, size => 100))");
    assertThat(ambiguous.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(ambiguous.getMessage()).contains("media_column =>");
    update(
        "CREATE VIEW sides AS SELECT * FROM TABLE(image_tiles(TABLE pairs, 100, media_column =>"
            + " 'back'))");
    // the base's width column is copied as base_width: the iterator has its own
    assertThat(query("SELECT pos, width, base_width FROM sides ORDER BY pos"))
        .containsExactly(List.of(0, 100, 7), List.of(1, 50, 7));
    assertThat(
            failure("CREATE VIEW positions AS SELECT pos FROM TABLE(image_tiles(TABLE pairs, 100))")
                .code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
    assertThat(
            failure(
                    "CREATE VIEW odd AS SELECT * FROM TABLE(image_tiles(TABLE pairs, media_column =>"
                        + " 'front', overlap => 600))")
                .code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void anIndexOnTheViewFollowsItsNewRows() throws IOException {
    update("CREATE TABLE albums (id INTEGER, caption VARCHAR, img IMAGE)");
    update(
        "INSERT INTO albums VALUES (1, 'a quarterly tax form', '"
            + photo("tax.png", 60, 60)
            + "')");
    update("CREATE VIEW album_tiles AS SELECT * FROM TABLE(image_tiles(TABLE albums, size => 40))");
    update("ALTER TABLE album_tiles ADD COLUMN emb AS (embed_text('minilm', caption)) STORED");
    update("WAIT FOR JOB '" + query("SELECT job_id FROM sys.jobs").get(0).get(0) + "'");
    update("CREATE INDEX album_emb ON album_tiles USING HNSW (emb)");
    update("INSERT INTO albums VALUES (2, 'a photo of a cat', '" + photo("cat.png", 50, 30) + "')");
    String nearest =
        "SELECT id, pos FROM album_tiles ORDER BY cosine_distance(emb, embed_text('minilm',"
            + " 'a kitten asleep on a sofa')) LIMIT 2";
    assertThat(String.valueOf(query("EXPLAIN " + nearest))).contains("SheafIndexTopK");
    assertThat(query(nearest)).containsExactly(List.of(2, 0), List.of(2, 1));
  }

  @Test
  void badMediaIsAnErrorRowOfTheViewNeverAFailedInsert() throws IOException {
    byte[] png = png(384, 303);
    update("CREATE TABLE scans (id INTEGER, img IMAGE)");
    update(
        "CREATE VIEW scan_tiles AS SELECT * FROM TABLE(image_tiles(TABLE scans, size => 512,"
            + " overlap => 64))");
    update(
        "INSERT INTO scans VALUES (1, '"
            + file("truncated.png", Arrays.copyOf(png, 20))
            + "'), (2, '"
            + file("good.png", png)
            + "'), (3, NULL)");
    List<List<Object>> rows =
        query("SELECT id, pos, width, iterator_error FROM scan_tiles ORDER BY id");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).subList(0, 3)).containsExactly(1, null, null);
    assertThat((String) rows.get(0).get(3)).startsWith("MEDIA_FORMAT_ERROR");
    assertThat(rows.get(1)).containsExactly(2, 0, 384, null);

    // the base table dropped: the view says so
    update("DROP TABLE scans");
    var dropped = failure("SELECT * FROM scan_tiles");
    assertThat(dropped.code()).isEqualTo(ErrorCode.VIEW_INVALID);
    assertThat(dropped.getMessage()).contains("scans");
  }
}
