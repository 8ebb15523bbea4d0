package dev.sheaf.compute.audio;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decoded audio: float samples in [-1, 1], channels interleaved.
 *
 * @param samples {@code frames * channels} values
 */
public record AudioSamples(int sampleRate, int channels, float[] samples) {
  public AudioSamples {
    requireNonNull(samples, "samples is null");
    if (sampleRate < 1 || channels < 1 || samples.length % channels != 0) {
      throw new IllegalArgumentException(
          samples.length + " samples of " + channels + " channels at " + sampleRate + " Hz");
    }
  }

  /** Samples per channel. */
  public int frames() {
    return samples.length / channels;
  }

  public double seconds() {
    return frames() / (double) sampleRate;
  }

  /** The samples as little-endian float32 (a tensor's raw elements). */
  public byte[] float32() {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(samples);
    return bytes.array();
  }
}
