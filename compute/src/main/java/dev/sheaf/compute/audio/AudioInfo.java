package dev.sheaf.compute.audio;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What {@code audio_metadata(a)} answers about an object's best audio stream.
 *
 * @param duration seconds, from the stream's or container's header
 */
public record AudioInfo(double duration, int sampleRate, int channels, String codec) {
  public AudioInfo {
    requireNonNull(codec, "codec is null");
  }

  /** {"duration":3.0,"sample_rate":44100,"channels":2,"codec":"mp3"}. */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"duration\":%s,\"sample_rate\":%d,\"channels\":%d,\"codec\":\"%s\"}",
        Double.toString(duration),
        sampleRate,
        channels,
        codec.replace("\\", "\\\\").replace("\"", "\\\""));
  }
}
