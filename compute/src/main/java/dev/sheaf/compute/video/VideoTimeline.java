package dev.sheaf.compute.video;

import dev.sheaf.compute.ffmpeg.MediaContainer;
import dev.sheaf.compute.ffmpeg.PacketIndex;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of a video stream as presentation times, read by demuxing (no decoding). Frame {@code
 * j} is shown from its time until the next frame's; the last until {@link #end}. Times are the
 * stream's timestamps in seconds (timestamp x time base), not shifted to start at 0: the times
 * {@code extract_frame} takes.
 *
 * @param ticks frame timestamps in stream ticks, ascending
 * @param timeBase seconds per tick
 * @param endTicks where the last frame ends, in ticks
 */
public record VideoTimeline(long[] ticks, double timeBase, long endTicks) {
  /** Two times closer than this (seconds) are the same instant. */
  static final double SAME_INSTANT = 1e-9;

  /** One sample of a video at a rate: its position and the frame shown at its time. */
  public record FrameSample(int pos, long ticks, double frameTime) {}

  public static VideoTimeline read(MediaContainer container) {
    PacketIndex index = PacketIndex.read(container);
    if (index.count() == 0) {
      throw container.formatError("it has no video frames (an empty or truncated stream)");
    }
    long[] ticks = index.timestamps();
    long end = Math.max(index.endTicks(), ticks[ticks.length - 1] + 1);
    return new VideoTimeline(ticks, container.timeBase(), end);
  }

  public int frameCount() {
    return ticks.length;
  }

  /** Frame {@code j}'s presentation time in seconds. */
  public double time(int frame) {
    return ticks[frame] * timeBase;
  }

  /** Where the last frame ends, in seconds. */
  public double end() {
    return endTicks * timeBase;
  }

  /** The frame shown at {@code seconds}: the last frame at or before it (the first before it). */
  public int frameAt(double seconds) {
    int low = 0;
    int high = ticks.length - 1;
    int found = 0;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (time(middle) <= seconds + SAME_INSTANT) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /**
   * Samples at {@code fps}: times {@code first + k / fps} before {@link #end}, each with the frame
   * shown then (a rate above the video's repeats frames).
   */
  public List<FrameSample> samples(double fps) {
    if (!(fps > 0) || fps > 1000) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot sample video frames at fps %s: give 0 < fps <= 1000",
          fps);
    }
    List<FrameSample> samples = new ArrayList<>();
    double first = time(0);
    double end = end();
    for (int k = 0; ; k++) {
      double at = first + k / fps;
      if (at >= end - SAME_INSTANT) {
        break;
      }
      int frame = frameAt(at);
      samples.add(new FrameSample(k, ticks[frame], time(frame)));
    }
    return samples;
  }
}
