package dev.sheaf.compute.video;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_index_search_timestamp;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.sheaf.compute.ffmpeg.MediaContainer;
import dev.sheaf.compute.ffmpeg.MediaKind;
import dev.sheaf.compute.ffmpeg.StreamDecoder;
import dev.sheaf.compute.image.ImagePixels;
import dev.sheaf.compute.iterate.MediaSource;
import java.io.IOException;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A video opened for frame extraction, with its decoder's position kept between calls: the last
 * frame at or before the previous time and the frame decoded after it. A later time goes on
 * decoding forward from there when the keyframe a seek would land on is not past that position
 * (frames at 1 fps of a video with a keyframe every 2 s decode each GOP once, not once per frame);
 * an earlier time, or one past the next keyframe, seeks. Used by one thread at a time ({@link
 * OpenVideos}).
 */
final class OpenVideo implements AutoCloseable {
  /** Decoder threads per call: calls run in parallel across rows already. */
  private static final int DECODER_THREADS = 1;

  private final MediaContainer container;
  private final StreamDecoder decoder;
  private final FrameConverter converter = new FrameConverter();
  private final AVFrame shown = av_frame_alloc();
  private final AVFrame next = av_frame_alloc();
  private final double timeBase;
  private final double duration;
  private boolean hasShown;
  private boolean hasNext;
  private long shownTicks;

  private OpenVideo(MediaContainer container, StreamDecoder decoder) {
    this.container = container;
    this.decoder = decoder;
    this.timeBase = container.timeBase();
    this.duration = container.duration();
  }

  static OpenVideo open(MediaSource source) throws IOException {
    MediaContainer container = MediaContainer.open(source, MediaKind.VIDEO);
    try {
      return new OpenVideo(container, container.decoder(DECODER_THREADS));
    } catch (RuntimeException e) {
      container.close();
      throw e;
    }
  }

  /**
   * The pixels of the frame shown at {@code seconds} (the last at or before it; else the first).
   */
  ImagePixels pixelsAt(double seconds) {
    if (duration > 0 && seconds > duration + VideoTimeline.SAME_INSTANT) {
      throw container.formatError(
          String.format(
              Locale.ROOT,
              "it has no frame at %s s (it lasts %.3f s; give a time within it)",
              seconds,
              duration));
    }
    long target = (long) Math.floor(seconds / timeBase + 1e-6);
    if (!canContinueTo(target)) {
      decoder.seek(target);
      av_frame_unref(shown);
      av_frame_unref(next);
      hasShown = false;
      hasNext = false;
    }
    advanceTo(seconds);
    if (!hasShown) {
      throw container.formatError("no frame decodes (a truncated or corrupt stream)");
    }
    return converter.pixels(shown);
  }

  /** Whether decoding forward from the kept position reaches {@code target} without a seek. */
  private boolean canContinueTo(long target) {
    if (!hasShown || shownTicks > target) {
      return false;
    }
    int entry = av_index_search_timestamp(container.stream(), target, AVSEEK_FLAG_BACKWARD);
    if (entry < 0) {
      return false;
    }
    AVIndexEntry keyframe = avformat_index_get_entry(container.stream(), entry);
    return keyframe != null && keyframe.timestamp() <= shownTicks;
  }

  /** Decodes forward until the frame after {@code seconds} is known (or the stream ends). */
  private void advanceTo(double seconds) {
    while (true) {
      if (!hasNext) {
        AVFrame frame = decoder.next();
        if (frame == null) {
          return;
        }
        av_frame_unref(next);
        av_frame_ref(next, frame);
        hasNext = true;
      }
      long ticks = StreamDecoder.timestamp(next);
      if (ticks * timeBase > seconds + VideoTimeline.SAME_INSTANT && hasShown) {
        return;
      }
      av_frame_unref(shown);
      av_frame_move_ref(shown, next);
      hasShown = true;
      hasNext = false;
      shownTicks = ticks;
      if (ticks * timeBase > seconds + VideoTimeline.SAME_INSTANT) {
        return; // the time comes before the first frame: the first is shown
      }
    }
  }

  @Override
  public void close() {
    av_frame_free(shown);
    av_frame_free(next);
    converter.close();
    decoder.close();
    container.close();
  }
}
