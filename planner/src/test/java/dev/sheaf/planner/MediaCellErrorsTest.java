package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.planner.exec.PartitionPlan;
import dev.sheaf.planner.media.MediaOnError;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media functions that fail on one cell give NULL there and the query goes on; try_error reads the
 * cell's error; media-on-error = abort fails the statement instead. The table holds good images, a
 * missing one, one that is not an image, a PNG whose header is garbage and a truncated PNG (its
 * header reads, its pixels do not).
 */
class MediaCellErrorsTest {
  @TempDir Path directory;
  private Path images;
  private SheafEngine engine;

  @BeforeEach
  void open() throws IOException {
    images = Files.createDirectories(directory.resolve("data/images"));
    MediaSqlTest.copy("horse.png", images.resolve("horse.png"));
    MediaSqlTest.copy("rocket.jpg", images.resolve("rocket.jpg"));
    Files.writeString(images.resolve("notes.txt"), "not an image");
    byte[] png = Files.readAllBytes(images.resolve("horse.png"));
    byte[] garbage = new byte[200];
    System.arraycopy(png, 0, garbage, 0, 8);
    Files.write(images.resolve("garbage.png"), garbage);
    Files.write(images.resolve("truncated.png"), Arrays.copyOf(png, 400));
    engine = SheafEngine.open(directory.resolve("data"));
    update("CREATE TABLE photos (id INTEGER, img IMAGE)");
    // pinned at first read: the bad objects are found by the functions, not at insert
    update("ALTER TABLE photos SET ('media_validation' = 'on_read')");
    String[] names = {
      "horse.png", "missing.png", "rocket.jpg", "notes.txt", "garbage.png", "truncated.png"
    };
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      values
          .append(i == 0 ? "" : ", ")
          .append("(")
          .append(i + 1)
          .append(", '")
          .append(images.resolve(names[i]).toUri())
          .append("')");
    }
    update("INSERT INTO photos VALUES " + values);
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

  @Test
  void aFailingCellIsNullAndItsErrorIsReadable() {
    List<List<Object>> rows =
        query(
            "SELECT id, width(img), try_error(width(img)), format(img), media_size(img)"
                + " FROM photos ORDER BY id");
    assertThat(rows).hasSize(6);
    assertThat(rows.get(0)).containsExactly(1, 400, null, "png", 16633L);
    assertThat(rows.get(1).subList(0, 2)).containsExactly(2, null);
    assertThat((String) rows.get(1).get(2)).startsWith("MEDIA_NOT_FOUND: ");
    assertThat(rows.get(1).subList(3, 5)).containsExactly(null, null);
    assertThat(rows.get(2)).containsExactly(3, 640, null, "jpeg", 112525L);
    assertThat(rows.get(3).get(1)).isNull();
    assertThat((String) rows.get(3).get(2)).startsWith("MEDIA_FORMAT_ERROR: ");
    assertThat(rows.get(4).get(1)).isNull();
    assertThat((String) rows.get(4).get(2)).startsWith("MEDIA_FORMAT_ERROR: ");
    assertThat(rows.get(5).subList(0, 3)).containsExactly(6, 400, null);

    List<List<Object>> thumbnails =
        query(
            "SELECT id, thumbnail(img, 32) IS NULL, try_error(thumbnail(img, 32)),"
                + " fetch(img) IS NULL, try_error(fetch(img)) FROM photos ORDER BY id");
    assertThat(thumbnails.get(0)).containsExactly(1, false, null, false, null);
    assertThat(thumbnails.get(1).subList(0, 2)).containsExactly(2, true);
    assertThat((String) thumbnails.get(1).get(4)).startsWith("MEDIA_NOT_FOUND: ");
    // the truncated PNG: its bytes read, its pixels do not decode
    assertThat(thumbnails.get(5).subList(0, 2)).containsExactly(6, true);
    assertThat((String) thumbnails.get(5).get(2)).startsWith("MEDIA_FORMAT_ERROR: ");
    assertThat(thumbnails.get(5).subList(3, 5)).containsExactly(false, null);
    assertThat(query("SELECT count(*) FROM photos WHERE try_error(thumbnail(img, 16)) IS NULL"))
        .containsExactly(List.of(2L));
    // errors of the statement itself still fail it
    assertThatThrownBy(() -> query("SELECT presign(img, -1) FROM photos"))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> query("SELECT try_error(upper(media_uri(img))) FROM photos"))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
              assertThat(e.getMessage()).contains("try_error takes one call of a media function");
            });
  }

  @Test
  void abortFailsTheStatementWithTheCellsError() {
    assertThatThrownBy(
            () ->
                QueryRows.of(
                    engine.execute(
                        "SELECT id, width(img) FROM photos",
                        List.of(),
                        new AtomicBoolean(),
                        MediaOnError.ABORT)))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_NOT_FOUND));
    // try_error still reads errors as values under abort
    assertThat(
            QueryRows.of(
                    engine.execute(
                        "SELECT count(try_error(width(img))) FROM photos",
                        List.of(),
                        new AtomicBoolean(),
                        MediaOnError.ABORT))
                .rows())
        .containsExactly(List.of(3L));
    assertThatThrownBy(() -> MediaOnError.parse("sometimes"))
        .hasMessageContaining("give null")
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void partitionsOfAFetchQueryCarryTheBadCellsAsNull() {
    String sql = "SELECT id, fetch(img) AS image, try_error(width(img)) AS error FROM photos";
    List<List<Object>> whole = query(sql);
    PartitionPlan plan = engine.partition(sql, 3);
    assertThat(plan.pin()).isNotNull();
    List<List<Object>> parts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      parts.addAll(
          QueryRows.of(
                  engine.executePartition(
                      sql, plan.pin(), new RowWindow(i, 3), new AtomicBoolean()))
              .rows());
    }
    assertThat(parts).isEqualTo(whole);
    assertThat(parts.stream().filter(row -> row.get(1) == null)).hasSize(1);
    assertThat(parts.stream().filter(row -> row.get(2) != null)).hasSize(3);
  }
}
