package dev.sheaf.compute.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.compute.ffmpeg.PathSource;
import dev.sheaf.compute.image.ImageDecoder;
import dev.sheaf.compute.image.ImagePixels;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.media.TestMedia;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video metadata, seeking and sampling on videos FFmpeg writes for the test: 720p H.264 (testsrc2,
 * 25 fps, 100 frames, a keyframe every 25) and MPEG-4 with B-frames (decode order differs from
 * presentation order), plus a truncated and an empty file.
 */
class VideoFramesTest {
  @TempDir static Path folder;
  static PathSource h264;
  static PathSource bFrames;

  @BeforeAll
  static void writeVideos() throws IOException {
    h264 =
        source(
            TestMedia.video(
                folder.resolve("clip.mp4"), TestMedia.VideoSpec.h264(1280, 720, 25, 100, 25)));
    bFrames =
        source(
            TestMedia.video(
                folder.resolve("bframes.mp4"),
                new TestMedia.VideoSpec("mpeg4", 320, 240, 30, 45, 12)));
  }

  private static PathSource source(Path path) {
    return new PathSource("file://" + path, path);
  }

  @Test
  void metadataOfH264() throws IOException {
    VideoInfo info = VideoProbe.probe(h264);
    assertEquals(1280, info.width());
    assertEquals(720, info.height());
    assertEquals("h264", info.codec());
    assertEquals(25.0, info.fps(), 1e-9);
    assertEquals(100, info.frameCount());
    assertEquals(4.0, info.duration(), 1e-6);
    assertTrue(info.toJson().contains("\"frame_count\":100"), info.toJson());
  }

  @Test
  void samplesAtOneFpsAreExactFrameTimes() throws IOException {
    Map<Integer, Double> times = new LinkedHashMap<>();
    VideoFrames.sample(h264, 1, (sample, png) -> times.put(sample.pos(), sample.frameTime()));
    assertEquals(Map.of(0, 0.0, 1, 1.0, 2, 2.0, 3, 3.0), times);
  }

  @Test
  void samplesBetweenFramesTakeTheFrameShown() throws IOException {
    List<Double> times = new ArrayList<>();
    // 3 fps over 25 fps: 1/3 s falls between frames 8 (0.32 s) and 9 (0.36 s)
    VideoFrames.sample(h264, 3, (sample, png) -> times.add(sample.frameTime()));
    assertEquals(12, times.size());
    assertEquals(0.32, times.get(1), 1e-9);
    assertEquals(0.64, times.get(2), 1e-9);
  }

  @Test
  void seekGivesTheFrameDecodedInOrder() throws IOException {
    Map<Double, byte[]> sequential = new LinkedHashMap<>();
    VideoFrames.sample(h264, 2.5, (sample, png) -> sequential.put(sample.frameTime(), png));
    assertEquals(10, sequential.size());
    for (Map.Entry<Double, byte[]> frame : sequential.entrySet()) {
      byte[] sought = VideoFrames.extract(h264, frame.getKey());
      assertArrayEquals(frame.getValue(), sought, "frame at " + frame.getKey());
    }
    // a time between two frames gives the earlier one; the frames differ (testsrc2 moves)
    assertArrayEquals(VideoFrames.extract(h264, 1.2), VideoFrames.extract(h264, 1.239));
    assertTrue(
        !java.util.Arrays.equals(VideoFrames.extract(h264, 1.2), VideoFrames.extract(h264, 1.24)));
    ImagePixels pixels = ImageDecoder.pixels("frame", VideoFrames.extract(h264, 3.99), 2000);
    assertEquals(1280, pixels.width());
    assertEquals(720, pixels.height());
  }

  @Test
  void framesAskedInAnyOrderMatchTheOrderedDecode() throws IOException {
    Map<Double, byte[]> sequential = new LinkedHashMap<>();
    VideoFrames.sample(h264, 5, (sample, png) -> sequential.put(sample.frameTime(), png));
    List<Double> times = new ArrayList<>(sequential.keySet());
    java.util.Collections.shuffle(times, new java.util.Random(7));
    // forward within a GOP, back across one, forward past the next keyframe: each gives its frame
    for (double time : times) {
      assertArrayEquals(sequential.get(time), VideoFrames.extract(h264, time), "frame at " + time);
    }
    for (double time : sequential.keySet()) {
      assertArrayEquals(sequential.get(time), VideoFrames.extract(h264, time), "frame at " + time);
    }
  }

  @Test
  void bFramesKeepPresentationOrder() throws IOException {
    VideoInfo info = VideoProbe.probe(bFrames);
    assertEquals("mpeg4", info.codec());
    assertEquals(45, info.frameCount());
    Map<Double, byte[]> sequential = new LinkedHashMap<>();
    VideoFrames.sample(bFrames, 10, (sample, png) -> sequential.put(sample.frameTime(), png));
    assertEquals(15, sequential.size());
    for (Map.Entry<Double, byte[]> frame : sequential.entrySet()) {
      assertEquals(0, Math.round(frame.getKey() * 30) % 3, "10 fps of 30 fps: every third frame");
      assertArrayEquals(frame.getValue(), VideoFrames.extract(bFrames, frame.getKey()));
    }
  }

  @Test
  void badVideosAreFormatErrors() throws IOException {
    byte[] whole = Files.readAllBytes(h264.path());
    Path truncated =
        Files.write(
            folder.resolve("truncated.mp4"), java.util.Arrays.copyOf(whole, whole.length / 2));
    SheafException cut =
        assertThrows(SheafException.class, () -> VideoProbe.probe(source(truncated)));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, cut.code());
    assertTrue(cut.getMessage().startsWith("Cannot read video file://"), cut.getMessage());
    Path empty = Files.write(folder.resolve("empty.mp4"), new byte[0]);
    SheafException none =
        assertThrows(SheafException.class, () -> VideoFrames.extract(source(empty), 0));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, none.code());
    assertTrue(none.getMessage().contains("empty"), none.getMessage());
    SheafException late = assertThrows(SheafException.class, () -> VideoFrames.extract(h264, 9));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, late.code());
    assertTrue(late.getMessage().contains("lasts 4.000 s"), late.getMessage());
  }

  @Test
  void aCutStreamableVideoGivesTheFramesItHolds() throws IOException {
    Path streamable =
        TestMedia.video(
            folder.resolve("faststart.mp4"),
            TestMedia.VideoSpec.h264(1280, 720, 25, 100, 25),
            true);
    byte[] whole = Files.readAllBytes(streamable);
    Path cut =
        Files.write(
            folder.resolve("faststart-cut.mp4"), java.util.Arrays.copyOf(whole, whole.length / 2));
    VideoInfo info = VideoProbe.probe(source(cut));
    // the index at the front still says 4 s; demuxing finds the frames that are there
    assertEquals(4.0, info.duration(), 1e-6);
    assertTrue(info.frameCount() > 0 && info.frameCount() < 100, info.toJson());
    assertArrayEquals(VideoFrames.extract(h264, 0.5), VideoFrames.extract(source(cut), 0.5));
    SheafException missing =
        assertThrows(SheafException.class, () -> VideoFrames.extract(source(cut), 3.9));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, missing.code());
    assertTrue(missing.getMessage().contains("truncated"), missing.getMessage());
  }

  @Test
  void aStreamWithoutAFileIsCopiedForFfmpeg() throws IOException {
    byte[] whole = Files.readAllBytes(h264.path());
    var stream =
        new dev.sheaf.compute.iterate.MediaSource() {
          @Override
          public String uri() {
            return "s3://bucket/clip.mp4";
          }

          @Override
          public long size() {
            return whole.length;
          }

          @Override
          public InputStream open() {
            return new ByteArrayInputStream(whole);
          }
        };
    assertEquals(100, VideoProbe.probe(stream).frameCount());
    assertArrayEquals(VideoFrames.extract(h264, 2), VideoFrames.extract(stream, 2));
  }
}
