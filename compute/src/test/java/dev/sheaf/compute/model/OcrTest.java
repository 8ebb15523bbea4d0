package dev.sheaf.compute.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in OCR reads back text rendered with Java2D: twenty lines in three font families, three
 * styles and sizes from 14 to 40 points; the character error rate over all of them is printed
 * (benchmarks/RESULTS.md records it) and bounded.
 */
class OcrTest {
  static final List<String> LINES =
      List.of(
          "The quick brown fox jumps over the lazy dog",
          "Invoice 2024-117 total due 1,250.00 EUR",
          "Sheaf keeps training data in Iceberg tables",
          "a photo of a cat asleep on a sofa",
          "Call 555-0199 before 5 pm on Friday",
          "Model weights ship inside the jar",
          "STOP",
          "Exit 42 to Springfield",
          "Batch size 32, learning rate 0.001",
          "Hello, World!",
          "Quarterly tax form for the year 2025",
          "Open Monday to Saturday 9:00-18:00",
          "Fresh coffee and croissants",
          "Room 314, third floor",
          "PRIVATE PROPERTY NO PARKING",
          "version 1.28.0 released today",
          "Apache Arrow Flight SQL over gRPC",
          "Keep calm and carry on",
          "Order #88213 shipped by express",
          "Mind the gap between the train and the platform");

  static final String[] FAMILIES = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED};
  static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC};
  static final int[] SIZES = {14, 18, 24, 32, 40};

  private static ModelRegistry registry;

  @BeforeAll
  static void load() {
    registry = new ModelRegistry(ModelSettings.defaults(Path.of("target/ocr-test")));
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  /** One line of black text on white, with a margin of one text height around it. */
  static BufferedImage render(String text, Font font) {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = probe.createGraphics();
    FontMetrics metrics = g.getFontMetrics(font);
    g.dispose();
    int margin = metrics.getHeight();
    BufferedImage image =
        new BufferedImage(
            metrics.stringWidth(text) + 2 * margin,
            metrics.getHeight() + 2 * margin,
            BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
    graphics.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    graphics.setColor(Color.BLACK);
    graphics.setFont(font);
    graphics.drawString(text, margin, margin + metrics.getAscent());
    graphics.dispose();
    return image;
  }

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Levenshtein distance between two strings. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  @Test
  void readsBackRenderedLinesWithFewCharacterErrors() {
    long errors = 0;
    long characters = 0;
    long start = System.nanoTime();
    for (int i = 0; i < LINES.size(); i++) {
      String line = LINES.get(i);
      Font font = new Font(FAMILIES[i % 3], STYLES[(i / 3) % 3], SIZES[i % SIZES.length]);
      String read = registry.ocr().read("line " + i, png(render(line, font)));
      int wrong = distance(read, line);
      errors += wrong;
      characters += line.length();
      System.out.printf(
          Locale.ROOT,
          "ocr %-10s %2d pt %-6s %3d errors: %s%n",
          font.getFamily(),
          font.getSize(),
          styleName(font),
          wrong,
          read);
    }
    double rate = (double) errors / characters;
    System.out.printf(
        Locale.ROOT,
        "ocr character error rate %.4f (%d of %d characters, %d lines, %.0f ms per line)%n",
        rate,
        errors,
        characters,
        LINES.size(),
        (System.nanoTime() - start) / 1e6 / LINES.size());
    assertThat(rate).isLessThan(0.05);
  }

  private static String styleName(Font font) {
    return font.isBold() ? "bold" : font.isItalic() ? "italic" : "plain";
  }

  @Test
  void readsAParagraphLineByLine() {
    BufferedImage image = new BufferedImage(700, 220, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, 700, 220);
    graphics.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    graphics.setColor(Color.BLACK);
    graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 28));
    graphics.drawString("Training data", 40, 60);
    graphics.drawString("straight from object storage", 40, 120);
    graphics.drawString("Total 42", 480, 180);
    graphics.drawString("Page", 40, 180);
    graphics.dispose();
    String read = registry.ocr().read("paragraph", png(image)).toLowerCase(Locale.ROOT);
    assertThat(read.lines().toList())
        .containsExactly("training data", "straight from object storage", "page total 42");
  }

  @Test
  void anEmptyImageHasNoTextAndBytesThatAreNoImageAreAFormatError() {
    BufferedImage blank = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    assertThat(registry.ocr().read("blank", png(blank))).isEmpty();
    assertThatThrownBy(
            () -> registry.ocr().read("notes", "no image".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR));
  }
}
