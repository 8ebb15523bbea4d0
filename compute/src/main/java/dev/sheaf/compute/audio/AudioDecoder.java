package dev.sheaf.compute.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import dev.sheaf.compute.ffmpeg.MediaContainer;
import dev.sheaf.compute.ffmpeg.MediaKind;
import dev.sheaf.compute.ffmpeg.StreamDecoder;
import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes audio to float samples at a sample rate and channel count (swresample; mono is the mean
 * of the channels), optionally only between two times: it seeks to the start (never decoding what
 * comes before the packet holding it) and stops past the end. A stream with no samples is
 * MEDIA_FORMAT_ERROR.
 */
public final class AudioDecoder {
  /** The highest sample rate asked for. */
  public static final int MAX_SAMPLE_RATE = 384_000;

  private AudioDecoder() {}

  /**
   * The samples from {@code start} to {@code end} seconds ({@code end} past the stream's end, or
   * infinite, reads to the end).
   *
   * @param sampleRate the output rate, or 0 for the stream's own
   * @param channels the output channels (1 averages them to mono), or 0 for the stream's own
   */
  public static AudioSamples decode(
      MediaSource source, int sampleRate, int channels, double start, double end)
      throws IOException {
    checkArguments(source, sampleRate, start, end);
    try (MediaContainer container = MediaContainer.open(source, MediaKind.AUDIO);
        StreamDecoder decoder = container.decoder(1)) {
      int rate = sampleRate > 0 ? sampleRate : container.parameters().sample_rate();
      int sourceChannels = Math.max(1, container.parameters().ch_layout().nb_channels());
      int outChannels = channels > 0 ? channels : sourceChannels;
      // mono is the mean of the channels (librosa's and torchaudio's), not swresample's -3 dB sum
      int decodeChannels = channels == 1 ? sourceChannels : outChannels;
      if (rate < 1) {
        throw container.formatError("its sample rate is unknown");
      }
      double timeBase = container.timeBase();
      if (start > 0) {
        decoder.seek((long) Math.floor(start / timeBase));
      }
      Resampler resampler = new Resampler(rate, decodeChannels);
      try {
        double origin = Double.NaN;
        AVFrame frame;
        long wanted = Double.isInfinite(end) ? Long.MAX_VALUE : (long) Math.ceil(end * rate);
        while ((frame = decoder.next()) != null) {
          if (Double.isNaN(origin)) {
            long ticks = StreamDecoder.timestamp(frame);
            origin =
                ticks == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE ? 0 : ticks * timeBase;
          }
          resampler.add(frame);
          if (Math.round(origin * rate) + resampler.frames() >= wanted) {
            break;
          }
        }
        if (Double.isNaN(origin)) {
          throw container.formatError("it holds no audio samples (an empty or truncated stream)");
        }
        resampler.flush();
        long from = Math.max(0, Math.round((start - origin) * rate));
        long to =
            Double.isInfinite(end)
                ? resampler.frames()
                : Math.min(resampler.frames(), Math.round((end - origin) * rate));
        if (to <= from) {
          if (start > 0) {
            throw container.formatError(
                String.format(
                    java.util.Locale.ROOT,
                    "it has no samples from %s s (it lasts %.3f s; give a start within it)",
                    start,
                    container.duration()));
          }
          throw container.formatError("it holds no audio samples (an empty or truncated stream)");
        }
        float[] cut =
            Arrays.copyOfRange(
                resampler.samples, (int) from * decodeChannels, (int) to * decodeChannels);
        return new AudioSamples(rate, outChannels, mean(cut, decodeChannels, outChannels));
      } finally {
        resampler.close();
      }
    }
  }

  /** Averages interleaved channels down to one when one is asked for. */
  private static float[] mean(float[] samples, int channels, int wanted) {
    if (channels == wanted) {
      return samples;
    }
    float[] mono = new float[samples.length / channels];
    for (int i = 0; i < mono.length; i++) {
      float sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += samples[i * channels + c];
      }
      mono[i] = sum / channels;
    }
    return mono;
  }

  private static void checkArguments(MediaSource source, int rate, double start, double end) {
    if (rate < 0 || rate > MAX_SAMPLE_RATE) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot decode audio %s at %d Hz: give a sample rate from 1 to %d",
          source.uri(),
          rate,
          MAX_SAMPLE_RATE);
    }
    if (!(start >= 0) || !(end > start)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot take audio %s from %s s to %s s: give 0 <= start < end",
          source.uri(),
          start,
          end);
    }
  }

  /** swresample from the decoder's frames to interleaved float at the output rate and channels. */
  private static final class Resampler {
    private final int rate;
    private final int channels;
    private SwrContext context;
    private float[] samples = new float[1 << 16];
    private int size;
    private FloatPointer buffer;
    private int bufferFrames;

    Resampler(int rate, int channels) {
      this.rate = rate;
      this.channels = channels;
    }

    int frames() {
      return size / channels;
    }

    void add(AVFrame frame) {
      if (context == null) {
        open(frame);
      }
      convert(frame.extended_data(), frame.nb_samples());
    }

    void flush() {
      if (context != null) {
        convert(null, 0);
      }
    }

    private void open(AVFrame frame) {
      AVChannelLayout out = new AVChannelLayout();
      av_channel_layout_default(out, channels);
      PointerPointer<SwrContext> holder = new PointerPointer<>(1);
      holder.put(0, (org.bytedeco.javacpp.Pointer) null);
      int made =
          swr_alloc_set_opts2(
              holder,
              out,
              AV_SAMPLE_FMT_FLT,
              rate,
              frame.ch_layout(),
              frame.format(),
              frame.sample_rate(),
              0,
              null);
      av_channel_layout_uninit(out);
      SwrContext created = made < 0 ? null : holder.get(SwrContext.class, 0);
      holder.close();
      if (created == null || swr_init(created) < 0) {
        if (created != null) {
          swr_free(created);
        }
        throw new IllegalStateException(
            "swresample cannot convert sample format " + frame.format());
      }
      context = created;
    }

    private void convert(PointerPointer<?> input, int count) {
      int room = swr_get_out_samples(context, count);
      if (room <= 0) {
        return;
      }
      if (buffer == null || bufferFrames < room) {
        if (buffer != null) {
          buffer.close();
        }
        buffer = new FloatPointer((long) room * channels);
        bufferFrames = room;
      }
      int made;
      // PointerPointer(Pointer) would reinterpret the buffer itself: build a one-entry array
      try (PointerPointer<FloatPointer> output = new PointerPointer<>(1)) {
        output.put(0, buffer);
        made = swr_convert(context, output, room, input, count);
      }
      if (made <= 0) {
        return;
      }
      int values = made * channels;
      if (size + values > samples.length) {
        samples = Arrays.copyOf(samples, Math.max(samples.length * 2, size + values));
      }
      buffer.position(0).get(samples, size, values);
      size += values;
    }

    void close() {
      if (context != null) {
        swr_free(context);
      }
      if (buffer != null) {
        buffer.close();
      }
    }
  }
}
