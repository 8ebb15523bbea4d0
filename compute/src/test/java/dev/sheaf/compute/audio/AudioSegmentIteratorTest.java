package dev.sheaf.compute.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.compute.ffmpeg.PathSource;
import dev.sheaf.compute.iterate.IteratorArguments;
import dev.sheaf.compute.iterate.MediaIterator;
import dev.sheaf.compute.iterate.MediaIterators;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.media.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audio_segments} through the iterator contract. */
class AudioSegmentIteratorTest {
  @TempDir static Path folder;
  static PathSource recording;
  static final MediaIterator SEGMENTS = MediaIterators.find("audio_segments").orElseThrow();

  @BeforeAll
  static void writeAudio() throws IOException {
    Path file = TestMedia.audio(folder.resolve("talk.wav"), "pcm_s16le", 16000, 1, 25, 300);
    recording = new PathSource("file://" + file, file);
  }

  private static List<Object[]> rows(PathSource source, Map<String, Object> given)
      throws IOException {
    IteratorArguments arguments =
        IteratorArguments.bind("audio_segments", SEGMENTS.parameters(), given);
    List<Object[]> rows = new ArrayList<>();
    SEGMENTS.rows(source, arguments, rows::add);
    return rows;
  }

  @Test
  void tenSecondWindowsOverlappingByOne() throws IOException {
    List<Object[]> rows = rows(recording, Map.of());
    assertEquals(3, rows.size());
    assertArrayEquals(new Object[] {0, 0.0, 10.0}, rows.get(0));
    assertArrayEquals(new Object[] {1, 9.0, 19.0}, rows.get(1));
    assertArrayEquals(new Object[] {2, 18.0, 25.0}, rows.get(2));
    assertEquals(
        "audio_segment(\"a\", start_time, end_time)",
        SEGMENTS.payload().orElseThrow().expressionFor("a"));
  }

  @Test
  void segmentsWithoutOverlapAndTheirSamples() throws IOException {
    List<Object[]> rows = rows(recording, Map.of("duration", 5, "overlap", 0));
    assertEquals(5, rows.size());
    assertArrayEquals(new Object[] {4, 20.0, 25.0}, rows.get(4));
    AudioSamples whole = AudioDecoder.decode(recording, 0, 0, 0, Double.POSITIVE_INFINITY);
    AudioSamples third = AudioDecoder.decode(recording, 0, 0, 10.0, 15.0);
    assertEquals(80000, third.frames());
    for (int i = 0; i < third.frames(); i += 97) {
      assertEquals(whole.samples()[160000 + i], third.samples()[i], 1e-6);
    }
  }

  @Test
  void badArgumentsAndEmptyAudio() throws IOException {
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(
                SheafException.class, () -> rows(recording, Map.of("duration", 2, "overlap", 2)))
            .code());
    Path empty = Files.write(folder.resolve("empty.wav"), new byte[0]);
    SheafException none =
        assertThrows(
            SheafException.class, () -> rows(new PathSource("file://empty", empty), Map.of()));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, none.code());
  }
}
