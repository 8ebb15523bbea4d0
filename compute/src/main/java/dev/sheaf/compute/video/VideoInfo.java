package dev.sheaf.compute.video;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What {@code video_metadata(v)} answers about a video's best video stream.
 *
 * @param duration seconds, from the stream's or container's header
 * @param fps the stream's average frame rate
 * @param frameCount frames in the stream, counted by demuxing (exact, not the header's estimate)
 */
public record VideoInfo(
    double duration, double fps, int width, int height, String codec, long frameCount) {
  public VideoInfo {
    requireNonNull(codec, "codec is null");
  }

  /** {"duration":60.0,"fps":25.0,"width":1280,"height":720,"codec":"h264","frame_count":1500}. */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"duration\":%s,\"fps\":%s,\"width\":%d,\"height\":%d,\"codec\":\"%s\",\"frame_count\":%d}",
        Double.toString(duration),
        Double.toString(fps),
        width,
        height,
        codec.replace("\\", "\\\\").replace("\"", "\\\""),
        frameCount);
  }
}
