package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** ocr(img) in SQL: text rendered into images read back, per-cell errors for non-images. */
class OcrSqlTest extends EngineTestCase {
  private String rendered(Path dir, String name, String text) throws IOException {
    BufferedImage image = new BufferedImage(640, 90, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
    graphics.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    graphics.setColor(Color.DARK_GRAY);
    graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 30));
    graphics.drawString(text, 30, 55);
    graphics.dispose();
    Path file = dir.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file.toUri().toString();
  }

  @Test
  void readsRenderedTextInSelectAndComputedColumns() throws IOException {
    Path images = Files.createDirectories(directory.resolve("images"));
    String sign = rendered(images, "sign.png", "Fresh coffee served daily");
    String receipt = rendered(images, "receipt.png", "Total 42.50 USD");
    Path notes = images.resolve("notes.png");
    Files.writeString(notes, "these bytes are no image");

    String read = (String) query("SELECT ocr('" + sign + "')").get(0).get(0);
    assertThat(read.toLowerCase(Locale.ROOT)).contains("fresh", "coffee", "served", "daily");
    assertThat(query("SELECT ocr('" + notes.toUri() + "')")).containsExactly(nullRow());
    assertThat((String) query("SELECT try_error(ocr('" + notes.toUri() + "'))").get(0).get(0))
        .startsWith("MEDIA_FORMAT_ERROR: ");

    update("CREATE TABLE scans (id INTEGER, img IMAGE)");
    update("ALTER TABLE scans ADD COLUMN txt AS (ocr(img)) STORED");
    long batches = engine.models().registry().ocr().batches();
    update(
        "INSERT INTO scans VALUES (1, '"
            + sign
            + "'), (2, '"
            + receipt
            + "'), (3, '"
            + notes.toUri()
            + "'), (4, NULL)");
    // the write's images read at once on the model pool, not one row at a time
    assertThat(engine.models().registry().ocr().batches() - batches).isEqualTo(1);
    List<List<Object>> rows = query("SELECT id, txt, txt$error FROM scans ORDER BY id");
    assertThat(((String) rows.get(0).get(1)).toLowerCase(Locale.ROOT)).contains("coffee");
    assertThat((String) rows.get(1).get(1)).contains("42.50");
    assertThat(rows.get(2).get(1)).isNull();
    assertThat((String) rows.get(2).get(2)).startsWith("MEDIA_FORMAT_ERROR: ");
    assertThat(rows.get(3).subList(1, 3)).containsExactly(null, null);
    assertThat(query("SELECT id FROM scans WHERE txt LIKE '%USD%'")).containsExactly(List.of(2));
  }

  private static List<Object> nullRow() {
    List<Object> row = new java.util.ArrayList<>();
    row.add(null);
    return row;
  }
}
