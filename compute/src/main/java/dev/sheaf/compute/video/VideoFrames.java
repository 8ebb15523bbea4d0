package dev.sheaf.compute.video;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.sheaf.compute.ffmpeg.MediaContainer;
import dev.sheaf.compute.ffmpeg.MediaKind;
import dev.sheaf.compute.ffmpeg.StreamDecoder;
import dev.sheaf.compute.image.ImageEncoder;
import dev.sheaf.compute.image.ImageEncoding;
import dev.sheaf.compute.image.ImagePixels;
import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Frames of a video as PNG images. {@link #extract} seeks to the keyframe at or before the time and
 * decodes forward to the frame shown then (never from the start of the video for each frame);
 * {@link #sample} decodes the stream once, in order, and hands out the frames shown at a rate.
 */
public final class VideoFrames {
  /** Decoder threads per call: calls run in parallel across rows already. */
  private static final int DECODER_THREADS = 1;

  private VideoFrames() {}

  /** Receives sampled frames. */
  @FunctionalInterface
  public interface FrameSink {
    void accept(VideoTimeline.FrameSample sample, byte[] png);
  }

  /** The frame shown at {@code seconds} (the last frame at or before it), as PNG. */
  public static byte[] extract(MediaSource source, double seconds) throws IOException {
    return ImageEncoder.encode(pixels(source, seconds).toImage(), ImageEncoding.PNG);
  }

  /** The 8-bit RGB pixels of the frame shown at {@code seconds}. */
  public static ImagePixels pixels(MediaSource source, double seconds) throws IOException {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot extract a frame of video %s at %s s: give a time of 0 or more seconds",
          source.uri(),
          seconds);
    }
    return OpenVideos.pixelsAt(source, seconds);
  }

  /**
   * Decodes the video once, in order, and hands {@code sink} the frame of each sample at {@code
   * fps} (see {@link VideoTimeline#samples}), in position order.
   */
  public static void sample(MediaSource source, double fps, FrameSink sink) throws IOException {
    List<VideoTimeline.FrameSample> samples;
    try (MediaContainer container = MediaContainer.open(source, MediaKind.VIDEO)) {
      samples = VideoTimeline.read(container).samples(fps);
    }
    try (MediaContainer container = MediaContainer.open(source, MediaKind.VIDEO);
        StreamDecoder decoder = container.decoder(DECODER_THREADS);
        FrameConverter converter = new FrameConverter()) {
      AVFrame kept = av_frame_alloc();
      try {
        int next = 0;
        byte[] keptPng = null;
        boolean any = false;
        AVFrame frame;
        while (next < samples.size() && (frame = decoder.next()) != null) {
          long ticks = StreamDecoder.timestamp(frame);
          // samples whose frame never decoded take the frame shown before
          while (next < samples.size() && samples.get(next).ticks() < ticks && any) {
            if (keptPng == null) {
              keptPng = converter.png(kept);
            }
            sink.accept(samples.get(next++), keptPng);
          }
          av_frame_unref(kept);
          av_frame_ref(kept, frame);
          any = true;
          keptPng = null;
          while (next < samples.size() && samples.get(next).ticks() <= ticks) {
            if (keptPng == null) {
              keptPng = converter.png(kept);
            }
            sink.accept(samples.get(next++), keptPng);
          }
        }
        while (next < samples.size() && any) {
          if (keptPng == null) {
            keptPng = converter.png(kept);
          }
          sink.accept(samples.get(next++), keptPng);
        }
        if (next < samples.size()) {
          throw container.formatError("no frame decodes (a truncated or corrupt stream)");
        }
      } finally {
        av_frame_free(kept);
      }
    }
  }
}
