package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * clip_image and clip_text over the tiny CLIP-shaped graphs of {@code
 * src/test/resources/models/tiny-clip} (see make_tiny_clip.py there): weights given by formulas, so
 * the expected vectors are computed here, from the pixels and the tokens.
 */
class ClipTest extends EngineTestCase {
  private static final int DIM = 8;
  private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private Path images;

  @BeforeEach
  void files() throws IOException {
    Path root = Files.createDirectories(directory.resolve("models/clip"));
    for (String name :
        List.of(
            "tiny-clip.onnx",
            "tiny-clip-image.onnx",
            "tiny-clip-text.onnx",
            "tiny-clip-bad.onnx")) {
      try (InputStream in = getClass().getResourceAsStream("/models/tiny-clip/" + name)) {
        Files.copy(in, root.resolve(name));
      }
    }
    try (InputStream in = getClass().getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(in, root.resolve("tokenizer.json"));
    }
    images = Files.createDirectories(directory.resolve("images"));
  }

  private String image(String name, BufferedImage image) throws IOException {
    Path file = images.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file.toUri().toString();
  }

  private static BufferedImage noise(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  private static BufferedImage plain(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** The graph's image_embeds for a 224 x 224 image (no resize, no crop), normalized. */
  private static double[] expectedImage(BufferedImage image) {
    double[] features = new double[3 * 64];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 224; y++) {
        for (int x = 0; x < 224; x++) {
          int value = (image.getRGB(x, y) >> (16 - 8 * c)) & 0xff;
          double pixel = (value / 255f - MEAN[c]) / STD[c];
          features[c * 64 + (y / 28) * 8 + x / 28] += pixel / (28 * 28);
        }
      }
    }
    double[] vector = new double[DIM];
    for (int f = 0; f < features.length; f++) {
      for (int d = 0; d < DIM; d++) {
        vector[d] += features[f] * (float) (Math.cos(0.13 * f + 0.7 * d) / 10);
      }
    }
    return unit(vector);
  }

  /** The graph's text_embeds: the sum of the tokens' rows of E, normalized. */
  private double[] expectedText(String text) throws IOException {
    try (HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.newInstance(
            directory.resolve("models/clip/tokenizer.json"),
            Map.of("addSpecialTokens", "true", "truncation", "true", "maxLength", "77"))) {
      Encoding encoding = tokenizer.encode(text);
      double[] vector = new double[DIM];
      for (long id : encoding.getIds()) {
        for (int d = 0; d < DIM; d++) {
          vector[d] += (float) Math.sin(0.37 * (id % 97) + 1.1 * d);
        }
      }
      return unit(vector);
    }
  }

  private static double[] unit(double[] vector) {
    double norm = 0;
    for (double v : vector) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < vector.length; i++) {
      vector[i] /= norm;
    }
    return vector;
  }

  private static void assertClose(Object got, double[] expected) {
    List<?> values = (List<?>) got;
    assertThat(values).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(((Number) values.get(i)).doubleValue()).isCloseTo(expected[i], within(1e-4));
    }
  }

  private Object single(String sql) {
    return query(sql).get(0).get(0);
  }

  @Test
  void oneGraphWithBothTowersGivesTheVectorsOfItsWeights() throws IOException {
    update("CREATE MODEL clip FROM 'clip/tiny-clip.onnx' WITH (task = 'clip')");
    assertThat(query("SELECT task, source FROM sys.models WHERE name = 'clip'"))
        .containsExactly(List.of("clip", "clip/tiny-clip.onnx"));
    BufferedImage noise = noise(224, 224, 7);
    String uri = image("noise.png", noise);
    QueryRows rows = QueryRows.of(engine.execute("SELECT clip_image('clip', '" + uri + "') AS v"));
    assertThat(ArrowTypes.sheafType(rows.schema().getFields().get(0)))
        .isEqualTo(SheafType.vector(DIM));
    assertClose(rows.rows().get(0).get(0), expectedImage(noise));
    assertClose(
        single("SELECT clip_text('clip', 'a photo of a cat')"), expectedText("a photo of a cat"));
    assertClose(single("SELECT clip_text('clip', '')"), expectedText(""));
    assertThat(single("SELECT clip_text('clip', CAST(NULL AS VARCHAR))")).isNull();

    // an image's bytes (VARBINARY) rather than a media cell
    assertClose(single("SELECT clip_image('clip', fetch('" + uri + "'))"), expectedImage(noise));
    assertThat(single("SELECT clip_image('clip', X'0102')")).isNull();

    // resized (shorter side to 224) and center-cropped: a plain color stays that color
    String wide = image("wide.png", plain(500, 300, 0x336699));
    assertClose(
        single("SELECT clip_image('clip', '" + wide + "')"),
        expectedImage(plain(224, 224, 0x336699)));
  }

  @Test
  void twoGraphsOneTowerEach() throws IOException {
    update(
        "CREATE MODEL clip2 FROM 'clip/tiny-clip-image.onnx' WITH (task = 'clip', text_model ="
            + " 'clip/tiny-clip-text.onnx')");
    BufferedImage noise = noise(224, 224, 11);
    assertClose(
        single("SELECT clip_image('clip2', '" + image("n.png", noise) + "')"),
        expectedImage(noise));
    assertClose(single("SELECT clip_text('clip2', 'a kitten')"), expectedText("a kitten"));
    var missing =
        failure("CREATE MODEL half FROM 'clip/tiny-clip-image.onnx' WITH (task = 'clip')");
    assertThat(missing.code()).isEqualTo(ErrorCode.MODEL_SHAPE_MISMATCH);
    assertThat(missing.getMessage()).contains("input_ids");
  }

  @Test
  void wrongShapesAndWrongTasksAreRefused() {
    var bad = failure("CREATE MODEL bad FROM 'clip/tiny-clip-bad.onnx' WITH (task = 'clip')");
    assertThat(bad.code()).isEqualTo(ErrorCode.MODEL_SHAPE_MISMATCH);
    assertThat(bad.getMessage()).contains("pixel_values").contains("RGB");
    assertThat(query("SELECT count(*) FROM sys.models WHERE name = 'bad'"))
        .containsExactly(List.of(0L));
    var text = failure("CREATE MODEL t FROM 'clip/tiny-clip.onnx' WITH (task = 'text_embedding')");
    assertThat(text.code()).isEqualTo(ErrorCode.MODEL_SHAPE_MISMATCH);
    assertThat(failure("SELECT clip_text('minilm', 'x')").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(
            failure("CREATE MODEL c FROM 'clip/tiny-clip.onnx' WITH (task = 'clip', output = 'x')")
                .code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void computedColumnsBatchAndKeepEachBadImageError() throws IOException {
    update("CREATE MODEL clip FROM 'clip/tiny-clip.onnx' WITH (task = 'clip')");
    update("CREATE TABLE pics (id INTEGER, img IMAGE, caption VARCHAR)");
    update("ALTER TABLE pics ADD COLUMN iv AS (clip_image('clip', img)) STORED");
    update("ALTER TABLE pics ADD COLUMN tv AS (clip_text('clip', caption)) STORED");
    Path text = images.resolve("notes.png");
    Files.writeString(text, "these bytes are no image");
    StringBuilder values = new StringBuilder();
    BufferedImage[] noises = new BufferedImage[40];
    for (int i = 0; i < 40; i++) {
      noises[i] = noise(224, 224, 100 + i);
      String uri = i == 3 ? text.toUri().toString() : image("p" + i + ".png", noises[i]);
      values.append(i == 0 ? "" : ", ");
      values.append("(").append(i).append(", '").append(uri).append("', 'caption ").append(i);
      values.append("')");
    }
    long before = engine.models().clip("clip").calls();
    update("INSERT INTO pics VALUES " + values);
    // 39 images and 40 texts in batches of 32: four ONNX calls, not one per row
    assertThat(engine.models().clip("clip").calls() - before).isLessThanOrEqualTo(5);
    List<List<Object>> rows = query("SELECT id, iv, iv$error, tv FROM pics ORDER BY id");
    assertThat(rows).hasSize(40);
    for (List<Object> row : rows) {
      int id = (Integer) row.get(0);
      if (id == 3) {
        assertThat(row.get(1)).isNull();
        assertThat((String) row.get(2)).startsWith("MEDIA_FORMAT_ERROR: ");
      } else {
        assertClose(row.get(1), expectedImage(noises[id]));
        assertThat(row.get(2)).isNull();
      }
      assertClose(row.get(3), expectedText("caption " + id));
    }
    assertThat(single("SELECT clip_image('clip', '" + text.toUri() + "')")).isNull();

    // the query vector of a similarity search: computed once, then an exact scan or the index
    String search =
        "SELECT id FROM pics ORDER BY cosine_distance(iv, clip_image('clip', '"
            + images.resolve("p17.png").toUri()
            + "')) LIMIT 1";
    assertThat(query(search)).containsExactly(List.of(17));
    update("CREATE INDEX pics_iv ON pics USING HNSW (iv)");
    assertThat(String.valueOf(query("EXPLAIN " + search))).contains("SheafIndexTopK");
    assertThat(query(search)).containsExactly(List.of(17));
    // (the toy text tower maps some captions to one vector: the nearest is at distance 0)
    Object nearest =
        single(
            "SELECT cosine_distance(tv, clip_text('clip', 'caption 21')) AS d FROM pics ORDER BY"
                + " cosine_distance(tv, clip_text('clip', 'caption 21')) LIMIT 1");
    assertThat(((Number) nearest).doubleValue()).isCloseTo(0.0, within(1e-6));
  }
}
