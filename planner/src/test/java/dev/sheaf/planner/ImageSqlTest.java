package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.compute.image.ImageTensors;
import dev.sheaf.compute.image.TensorLayout;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.TensorType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image functions in SQL: on IMAGE cells and on bytes, per-cell errors, tensors, DDL. */
class ImageSqlTest {
  @TempDir Path directory;
  private Path images;
  private SheafEngine engine;

  @BeforeEach
  void open() throws IOException {
    images = Files.createDirectories(directory.resolve("data/images"));
    MediaSqlTest.copy("horse.png", images.resolve("horse.png"));
    MediaSqlTest.copy("rocket.jpg", images.resolve("rocket.jpg"));
    Files.writeString(images.resolve("notes.txt"), "not an image");
    engine = SheafEngine.open(directory.resolve("data"));
    update("CREATE TABLE imgs (id INTEGER, img IMAGE)");
    update(
        "INSERT INTO imgs VALUES (1, '"
            + uri("horse.png")
            + "'), (2, '"
            + uri("rocket.jpg")
            + "'), (3, '"
            + uri("notes.txt")
            + "'), (4, '"
            + uri("missing.png")
            + "')");
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private String uri(String name) {
    return images.resolve(name).toUri().toString();
  }

  private long update(String sql) {
    try (var result = engine.execute(sql)) {
      return result.updateCount();
    }
  }

  /** The cells of a one-column result: strings as they are, binary values as byte[]. */
  private List<Object> column(String sql) {
    List<Object> cells = new ArrayList<>();
    try (var result = engine.execute(sql)) {
      VectorSchemaRoot root = result.rows().getVectorSchemaRoot();
      while (result.rows().loadNextBatch()) {
        FieldVector vector = root.getVector(0);
        for (int r = 0; r < root.getRowCount(); r++) {
          cells.add(
              vector.isNull(r)
                  ? null
                  : vector instanceof VarBinaryVector binary
                      ? binary.get(r)
                      : vector.getObject(r).toString());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return cells;
  }

  private static BufferedImage image(Object bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream((byte[]) bytes));
  }

  @Test
  void modesAndErrorsPerCell() {
    assertThat(column("SELECT image_mode(img) FROM imgs ORDER BY id"))
        .containsExactly("RGBA", "RGB", null, null);
    List<Object> errors = column("SELECT try_error(image_mode(img)) FROM imgs ORDER BY id");
    assertThat(errors.subList(0, 2)).containsExactly(null, null);
    assertThat((String) errors.get(2)).startsWith("MEDIA_FORMAT_ERROR: ");
    assertThat((String) errors.get(3)).startsWith("MEDIA_NOT_FOUND: ");
  }

  @Test
  void cellAndBytesOverloadsGiveTheSameImages() throws IOException {
    List<Object> fromCell = column("SELECT resize(img, 40, 30) FROM imgs ORDER BY id");
    List<Object> fromBytes = column("SELECT resize(fetch(img), 40, 30) FROM imgs ORDER BY id");
    assertThat(image(fromCell.get(1)).getWidth()).isEqualTo(40);
    assertThat(image(fromCell.get(1)).getHeight()).isEqualTo(30);
    for (int i = 0; i < 2; i++) {
      assertThat((byte[]) fromBytes.get(i)).isEqualTo((byte[]) fromCell.get(i));
    }
    assertThat(fromCell.subList(2, 4)).containsExactly(null, null);
    assertThat(
            column(
                "SELECT image_mode(convert(rotate(crop(img, 10, 20, 30, 40), 90), 'L'))"
                    + " FROM imgs WHERE id = 2"))
        .containsExactly("L");
    BufferedImage turned =
        image(column("SELECT rotate(crop(img, 10, 20, 30, 40), 90) FROM imgs WHERE id = 2").get(0));
    assertThat(turned.getWidth()).isEqualTo(40);
    assertThat(turned.getHeight()).isEqualTo(30);
    byte[] jpeg = (byte[]) column("SELECT encode(img, 'jpeg', 80) FROM imgs WHERE id = 1").get(0);
    assertThat(Arrays.copyOf(jpeg, 2)).isEqualTo(new byte[] {(byte) 0xFF, (byte) 0xD8});
    assertThat(column("SELECT try_error(resize(X'00ff', 4, 4)) FROM imgs WHERE id = 1").get(0))
        .asString()
        .startsWith("MEDIA_FORMAT_ERROR: ");
  }

  @Test
  void badArgumentsFailTheStatement() {
    for (String sql :
        List.of(
            "SELECT resize(img, 0, 10) FROM imgs",
            "SELECT resize(img, 100000, 100000) FROM imgs",
            "SELECT rotate(img, 45) FROM imgs",
            "SELECT convert(img, 'HSV') FROM imgs",
            "SELECT to_tensor(img, 8, 8, 'float_hwc') FROM imgs")) {
      assertThatThrownBy(() -> column(sql))
          .as(sql)
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
  }

  @Test
  void toTensorIsAFixedShapeTensorColumn() throws IOException {
    byte[] rocket = Files.readAllBytes(images.resolve("rocket.jpg"));
    for (TensorLayout layout : TensorLayout.values()) {
      try (var result =
          engine.execute(
              "SELECT to_tensor(img, 6, 5, '"
                  + layout.name().toLowerCase(java.util.Locale.ROOT)
                  + "') AS t FROM imgs ORDER BY id")) {
        VectorSchemaRoot root = result.rows().getVectorSchemaRoot();
        Field field = root.getSchema().getFields().get(0);
        assertThat(field.getMetadata())
            .containsEntry("ARROW:extension:name", TensorType.EXTENSION)
            .containsEntry(
                "ARROW:extension:metadata",
                layout == TensorLayout.UINT8_HWC ? "{\"shape\":[6,5,3]}" : "{\"shape\":[3,6,5]}");
        assertThat(((ArrowType.FixedSizeList) field.getType()).getListSize()).isEqualTo(90);
        assertThat(result.rows().loadNextBatch()).isTrue();
        FixedSizeListVector tensors = (FixedSizeListVector) root.getVector(0);
        assertThat(root.getRowCount()).isEqualTo(4);
        assertThat(tensors.isNull(2)).isTrue();
        assertThat(tensors.isNull(3)).isTrue();
        byte[] expected = ImageTensors.toTensor("rocket", rocket, 6, 5, layout);
        var elements = tensors.getDataVector();
        byte[] actual = new byte[expected.length];
        elements.getDataBuffer().getBytes(90L * layout.elementBytes(), actual);
        assertThat(actual).isEqualTo(expected);
      }
    }
  }

  @Test
  void callsComputedAheadOnThePoolEqualCallsComputedInline() {
    for (int i = 0; i < 6; i++) {
      update("INSERT INTO imgs SELECT id + " + (10 * (i + 1)) + ", img FROM imgs WHERE id < 5");
    }
    String sql =
        "SELECT resize(img, 7, 5) FROM imgs ORDER BY id"; // sorted after: every row taken first
    String streamed = "SELECT id, resize(img, 7, 5), try_error(resize(img, 7, 5)) FROM imgs";
    List<Object> ahead = column(sql);
    List<List<Object>> aheadRows = QueryRows.of(engine.execute(streamed)).rows();
    System.setProperty(dev.sheaf.planner.media.CellPinning.ROWS_AHEAD_PROPERTY, "0");
    try {
      List<Object> inline = column(sql);
      assertThat(ahead).hasSize(28);
      for (int i = 0; i < ahead.size(); i++) {
        assertThat(ahead.get(i) == null ? null : Arrays.toString((byte[]) ahead.get(i)))
            .isEqualTo(inline.get(i) == null ? null : Arrays.toString((byte[]) inline.get(i)));
      }
      assertThat(QueryRows.of(engine.execute(streamed)).rows())
          .containsExactlyInAnyOrderElementsOf(aheadRows);
    } finally {
      System.clearProperty(dev.sheaf.planner.media.CellPinning.ROWS_AHEAD_PROPERTY);
    }
    assertThat(aheadRows.stream().filter(r -> r.get(2) != null).count()).isEqualTo(14);
  }

  @Test
  void computedColumnsStoreImagesButNotTensors() throws IOException, InterruptedException {
    update("ALTER TABLE imgs ADD COLUMN face AS (crop(img, 0, 0, 16, 12)) STORED");
    assertThat(engine.jobs().await(java.time.Duration.ofSeconds(60))).isTrue();
    List<Object> faces = column("SELECT face FROM imgs ORDER BY id");
    assertThat(image(faces.get(1)).getWidth()).isEqualTo(16);
    assertThat(faces.get(2)).isNull();
    assertThat(column("SELECT face$error FROM imgs WHERE id = 3").get(0))
        .asString()
        .startsWith("MEDIA_FORMAT_ERROR");
    assertThat(column("SELECT image_mode(face) FROM imgs WHERE id = 1")).containsExactly("RGBA");
    assertThatThrownBy(
            () -> update("ALTER TABLE imgs ADD COLUMN t AS (to_tensor(img, 4, 4)) STORED"))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
  }
}
