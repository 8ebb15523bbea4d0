package dev.sheaf.compute.video;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code video_frames} through the iterator contract, as an iterator view calls it. */
class VideoFrameIteratorTest {
  @TempDir static Path folder;
  static PathSource video;
  static final MediaIterator FRAMES = MediaIterators.find("VIDEO_FRAMES").orElseThrow();

  @BeforeAll
  static void writeVideo() throws IOException {
    // 6.5 s at 24 fps, a keyframe every 2 s
    Path file =
        TestMedia.video(
            folder.resolve("clip.mp4"), TestMedia.VideoSpec.h264(1280, 720, 24, 156, 48));
    video = new PathSource("file://" + file, file);
  }

  private static List<Object[]> rows(PathSource source, Map<String, Object> given)
      throws IOException {
    IteratorArguments arguments =
        IteratorArguments.bind("video_frames", FRAMES.parameters(), given);
    List<Object[]> rows = new ArrayList<>();
    FRAMES.rows(source, arguments, rows::add);
    return rows;
  }

  @Test
  void oneRowPerSecondWithExactFrameTimes() throws IOException {
    List<Object[]> rows = rows(video, Map.of());
    assertEquals(7, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertArrayEquals(new Object[] {i, (double) i}, rows.get(i));
    }
    assertEquals(
        List.of("pos", "frame_time"), FRAMES.columns(null).stream().map(c -> c.name()).toList());
    assertEquals(
        "extract_frame(\"v\", frame_time)", FRAMES.payload().orElseThrow().expressionFor("v"));
  }

  @Test
  void aRateBetweenFramesGivesTheFrameShown() throws IOException {
    List<Object[]> rows = rows(video, Map.of("fps", 5));
    assertEquals(33, rows.size()); // 0, 0.2, ... 6.4 s
    // 0.2 s falls between frames 4 (0.1667 s) and 5 (0.2083 s)
    assertEquals(4 / 24.0, (double) rows.get(1)[1], 1e-9);
    assertEquals(6.375, (double) rows.get(32)[1], 1e-9); // 6.4 s: frame 153
  }

  @Test
  void payloadFramesMatchTheOrderedDecode() throws IOException {
    List<Object[]> rows = rows(video, Map.of("fps", 0.5));
    List<byte[]> ordered = new ArrayList<>();
    VideoFrames.sample(video, 0.5, (sample, png) -> ordered.add(png));
    assertEquals(rows.size(), ordered.size());
    for (int i = 0; i < rows.size(); i++) {
      assertArrayEquals(ordered.get(i), VideoFrames.extract(video, (double) rows.get(i)[1]));
    }
  }

  @Test
  void badArgumentsAndBadVideos() throws IOException {
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> rows(video, Map.of("fps", 0))).code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> rows(video, Map.of("rate", 2))).code());
    byte[] whole = Files.readAllBytes(video.path());
    Path cut = Files.write(folder.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 3));
    SheafException truncated =
        assertThrows(SheafException.class, () -> rows(new PathSource("file://cut", cut), Map.of()));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, truncated.code());
  }
}
