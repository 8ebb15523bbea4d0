package dev.sheaf.planner.media;

import dev.sheaf.compute.audio.AudioDecoder;
import dev.sheaf.compute.audio.AudioProbe;
import dev.sheaf.compute.audio.AudioSamples;
import dev.sheaf.compute.audio.WavEncoder;
import dev.sheaf.compute.video.VideoFrames;
import dev.sheaf.compute.video.VideoProbe;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;

/**
 * The bodies of the video and audio functions (FFmpeg, {@code compute.video} and {@code
 * compute.audio}), called by Calcite's generated code with the statement's DataContext first. Each
 * reads its VIDEO or AUDIO cell through its pin as a file ({@link MediaCellSource}). A cell that
 * fails (a truncated video, an unsupported codec, empty audio, a time past the end) gives NULL
 * ({@link MediaCellErrors}); bad arguments (a negative time, a sample rate out of range) fail the
 * statement.
 */
public final class AvCalls {
  private AvCalls() {}

  /** {@code video_metadata(v)}: duration, fps, width, height, codec and frame count as JSON. */
  public static String videoMetadata(DataContext root, String cell) {
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media, () -> MediaCellSource.read(media, cell, s -> VideoProbe.probe(s).toJson()));
  }

  /** {@code audio_metadata(a)}: duration, sample rate, channels and codec as JSON. */
  public static String audioMetadata(DataContext root, String cell) {
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media, () -> MediaCellSource.read(media, cell, s -> AudioProbe.probe(s).toJson()));
  }

  /** {@code extract_frame(v, t)}: the frame shown at {@code t} seconds, as PNG. */
  public static ByteString extractFrame(DataContext root, String cell, double seconds) {
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () ->
            new ByteString(
                MediaCellSource.read(media, cell, s -> VideoFrames.extract(s, seconds))));
  }

  /**
   * {@code audio_to_tensor(a, sample_rate)}: the whole recording as float32 mono samples at the
   * rate (little-endian raw elements, {@code numpy.frombuffer(b, '<f4')}).
   */
  public static ByteString audioToTensor(DataContext root, String cell, int sampleRate) {
    checkRate(sampleRate);
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () ->
            new ByteString(
                MediaCellSource.read(
                        media,
                        cell,
                        s -> AudioDecoder.decode(s, sampleRate, 1, 0, Double.POSITIVE_INFINITY))
                    .float32()));
  }

  /**
   * {@code audio_to_tensor(a, sample_rate, samples)}: the first {@code samples} float32 mono
   * samples at the rate, zero-padded when the recording is shorter: a fixed length, so a result
   * column of it is an Arrow fixed-shape tensor ({@link AudioTensorColumns}).
   */
  public static ByteString audioToTensorSized(
      DataContext root, String cell, int sampleRate, int samples) {
    checkRate(sampleRate);
    AudioTensorColumns.checkLength(samples);
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () -> {
          AudioSamples decoded =
              MediaCellSource.read(
                  media,
                  cell,
                  s -> AudioDecoder.decode(s, sampleRate, 1, 0, samples / (double) sampleRate));
          float[] fixed = java.util.Arrays.copyOf(decoded.samples(), samples);
          return new ByteString(new AudioSamples(sampleRate, 1, fixed).float32());
        });
  }

  /** {@code audio_resample(a, rate)}: the recording at another rate, channels kept, as WAV. */
  public static ByteString audioResample(DataContext root, String cell, int sampleRate) {
    checkRate(sampleRate);
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () ->
            wav(
                MediaCellSource.read(
                    media,
                    cell,
                    s -> AudioDecoder.decode(s, sampleRate, 0, 0, Double.POSITIVE_INFINITY))));
  }

  /**
   * {@code audio_segment(a, start, end)}: the samples from {@code start} to {@code end} seconds at
   * the recording's own rate and channels, as WAV.
   */
  public static ByteString audioSegment(DataContext root, String cell, double start, double end) {
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () ->
            wav(MediaCellSource.read(media, cell, s -> AudioDecoder.decode(s, 0, 0, start, end))));
  }

  private static ByteString wav(AudioSamples samples) {
    return new ByteString(WavEncoder.encode(samples));
  }

  private static void checkRate(int sampleRate) {
    if (sampleRate < 1 || sampleRate > AudioDecoder.MAX_SAMPLE_RATE) {
      throw dev.sheaf.spi.error.SheafException.of(
          dev.sheaf.spi.error.ErrorCode.INVALID_ARGUMENT,
          "Cannot resample audio to %d Hz: give a sample rate from 1 to %d",
          sampleRate,
          AudioDecoder.MAX_SAMPLE_RATE);
    }
  }
}
