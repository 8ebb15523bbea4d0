package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.compute.ffmpeg.PathSource;
import dev.sheaf.compute.video.VideoFrames;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.media.TestMedia;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video and audio functions in SQL, on media FFmpeg writes for the test; errors per cell. */
class AvSqlTest {
  @TempDir static Path directory;
  static Path media;
  static SheafEngine engine;

  @BeforeAll
  static void open() throws IOException {
    media = Files.createDirectories(directory.resolve("data/media"));
    Path clip =
        TestMedia.video(media.resolve("clip.mp4"), TestMedia.VideoSpec.h264(1280, 720, 25, 75, 25));
    byte[] whole = Files.readAllBytes(clip);
    Files.write(media.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
    TestMedia.audio(media.resolve("tone.wav"), "pcm_s16le", 22050, 2, 2, 440);
    TestMedia.audio(media.resolve("tone.mp3"), "libmp3lame", 44100, 1, 2, 440);
    Files.write(media.resolve("empty.wav"), new byte[0]);
    engine = SheafEngine.open(directory.resolve("data"));
    update("CREATE TABLE videos (id INTEGER, v VIDEO)");
    update(
        "INSERT INTO videos VALUES (1, '"
            + uri("clip.mp4")
            + "'), (2, '"
            + uri("cut.mp4")
            + "'), (3, '"
            + uri("missing.mp4")
            + "')");
    update("CREATE TABLE sounds (id INTEGER, a AUDIO)");
    update(
        "INSERT INTO sounds VALUES (1, '"
            + uri("tone.wav")
            + "'), (2, '"
            + uri("tone.mp3")
            + "'), (3, '"
            + uri("empty.wav")
            + "')");
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  private static String uri(String name) {
    return media.resolve(name).toUri().toString();
  }

  private static long update(String sql) {
    try (var result = engine.execute(sql)) {
      return result.updateCount();
    }
  }

  private static List<Object> column(String sql) {
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

  @Test
  void videoMetadataAndErrorsPerCell() {
    List<Object> metadata = column("SELECT video_metadata(v) FROM videos ORDER BY id");
    assertThat(metadata.get(0))
        .isEqualTo(
            "{\"duration\":3.0,\"fps\":25.0,\"width\":1280,\"height\":720,\"codec\":\"h264\","
                + "\"frame_count\":75}");
    assertThat(metadata.subList(1, 3)).containsExactly(null, null);
    List<Object> errors = column("SELECT try_error(video_metadata(v)) FROM videos ORDER BY id");
    assertThat(errors.get(0)).isNull();
    assertThat((String) errors.get(1)).startsWith("MEDIA_FORMAT_ERROR: Cannot read video file:");
    assertThat((String) errors.get(1)).contains("truncated");
    assertThat((String) errors.get(2)).startsWith("MEDIA_NOT_FOUND: ");
  }

  @Test
  void extractFrameIsThePngOfTheFrameShown() throws IOException {
    List<Object> frames = column("SELECT extract_frame(v, 1.5) FROM videos ORDER BY id");
    BufferedImage frame = ImageIO.read(new ByteArrayInputStream((byte[]) frames.get(0)));
    assertThat(frame.getWidth()).isEqualTo(1280);
    assertThat(frame.getHeight()).isEqualTo(720);
    byte[] direct = VideoFrames.extract(new PathSource("clip", media.resolve("clip.mp4")), 1.5);
    assertThat((byte[]) frames.get(0)).isEqualTo(direct);
    assertThat(frames.subList(1, 3)).containsExactly(null, null);
    // frames chain into the image functions
    assertThat(
            column(
                "SELECT octet_length(to_tensor(extract_frame(v, 2), 36, 64)) FROM videos"
                    + " WHERE id = 1"))
        .containsExactly(String.valueOf(36 * 64 * 3));
    // an integer time is a time too; past the end is the cell's error
    assertThat(column("SELECT extract_frame(v, 1) FROM videos WHERE id = 1").get(0)).isNotNull();
    assertThat(
            (String)
                column("SELECT try_error(extract_frame(v, 9.5)) FROM videos WHERE id = 1").get(0))
        .startsWith("MEDIA_FORMAT_ERROR: ")
        .contains("lasts 3.000 s");
    assertThatThrownBy(() -> column("SELECT extract_frame(v, -1) FROM videos"))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void audioFunctions() {
    assertThat(column("SELECT audio_metadata(a) FROM sounds ORDER BY id"))
        .containsExactly(
            "{\"duration\":2.0,\"sample_rate\":22050,\"channels\":2,\"codec\":\"pcm_s16le\"}",
            "{\"duration\":2.0,\"sample_rate\":44100,\"channels\":1,\"codec\":\"mp3\"}",
            null);
    List<Object> tensors = column("SELECT audio_to_tensor(a, 16000) FROM sounds ORDER BY id");
    float[] wav = floats((byte[]) tensors.get(0));
    assertThat(wav).hasSize(32000);
    assertThat(floats((byte[]) tensors.get(1)).length).isBetween(31000, 33000);
    assertThat(tensors.get(2)).isNull();
    assertThat(
            (String)
                column("SELECT try_error(audio_to_tensor(a, 16000)) FROM sounds WHERE id = 3")
                    .get(0))
        .startsWith("MEDIA_FORMAT_ERROR: ")
        .contains("empty");
    byte[] resampled =
        (byte[]) column("SELECT audio_resample(a, 8000) FROM sounds WHERE id = 1").get(0);
    assertThat(resampled).hasSize(44 + 16000 * 2 * 2); // 2 s, stereo, 16-bit
    byte[] segment =
        (byte[]) column("SELECT audio_segment(a, 0.5, 1.5) FROM sounds WHERE id = 1").get(0);
    assertThat(segment).hasSize(44 + 22050 * 2 * 2);
    try (var result =
        engine.execute("SELECT audio_to_tensor(a, 16000, 40000) AS t FROM sounds ORDER BY id")) {
      var field = result.rows().getVectorSchemaRoot().getSchema().getFields().get(0);
      assertThat(field.getMetadata())
          .containsEntry("ARROW:extension:name", "arrow.fixed_shape_tensor");
      assertThat(field.getMetadata())
          .containsEntry("ARROW:extension:metadata", "{\"shape\":[40000]}");
      var vector =
          (org.apache.arrow.vector.complex.FixedSizeListVector)
              result.rows().getVectorSchemaRoot().getVector(0);
      assertThat(result.rows().loadNextBatch()).isTrue();
      assertThat(vector.isNull(0)).isFalse();
      var values = (org.apache.arrow.vector.Float4Vector) vector.getDataVector();
      // 2 s of samples, then zeros to 40,000
      assertThat(Math.abs(values.get(100))).isGreaterThan(0f);
      assertThat(values.get(39_999)).isEqualTo(0f);
      assertThat(vector.isNull(2)).isTrue();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThatThrownBy(() -> column("SELECT audio_resample(a, 0) FROM sounds"))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  private static float[] floats(byte[] bytes) {
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
