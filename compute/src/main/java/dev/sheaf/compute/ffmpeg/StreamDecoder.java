package dev.sheaf.compute.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decodes the chosen stream of a {@link MediaContainer} frame by frame, in presentation order.
 * {@link #seek} goes to the keyframe at or before a timestamp; decoding goes on forward from there.
 * A packet the decoder rejects as corrupt is skipped, as FFmpeg's own tools do; a stream that ends
 * early (a truncated file) simply ends.
 */
public final class StreamDecoder implements AutoCloseable {
  private final MediaContainer container;
  private final AVCodecContext codec;
  private final AVPacket packet;
  private final AVFrame frame;
  private boolean drained;

  StreamDecoder(MediaContainer container, int threads) {
    this.container = container;
    AVCodec decoder = container.decoder();
    AVCodecContext context = avcodec_alloc_context3(decoder);
    int ready = avcodec_parameters_to_context(context, container.parameters());
    if (ready >= 0) {
      context.thread_count(threads);
      ready = avcodec_open2(context, decoder, (AVDictionary) null);
    }
    if (ready < 0) {
      avcodec_free_context(context);
      throw container.formatError(
          "FFmpeg cannot open its "
              + container.codecName()
              + " decoder ("
              + FfmpegLibrary.describe(ready)
              + ")");
    }
    this.codec = context;
    this.packet = av_packet_alloc();
    this.frame = av_frame_alloc();
  }

  public AVCodecContext codec() {
    return codec;
  }

  /**
   * The next decoded frame, or null at the end of the stream. The frame is reused: it is valid
   * until the next call.
   */
  public AVFrame next() {
    while (true) {
      int received = avcodec_receive_frame(codec, frame);
      if (received >= 0) {
        return frame;
      }
      if (received == AVERROR_EOF) {
        return null;
      }
      if (received != FfmpegLibrary.AGAIN) {
        throw container.formatError(
            "FFmpeg cannot decode it (" + FfmpegLibrary.describe(received) + ")");
      }
      if (drained) {
        return null;
      }
      if (!readPacket()) {
        avcodec_send_packet(codec, null);
        drained = true;
        continue;
      }
      // a corrupt packet is skipped: the decoder conceals what it can from the next ones
      avcodec_send_packet(codec, packet);
      av_packet_unref(packet);
    }
  }

  /** The presentation timestamp of a decoded frame, in stream ticks. */
  public static long timestamp(AVFrame frame) {
    long best = frame.best_effort_timestamp();
    return best != AV_NOPTS_VALUE ? best : frame.pts();
  }

  /**
   * Goes to the keyframe at or before {@code ticks} (stream time base); the next frames decode from
   * there.
   */
  public void seek(long ticks) {
    int sought =
        av_seek_frame(container.context(), container.streamIndex(), ticks, AVSEEK_FLAG_BACKWARD);
    if (sought < 0) {
      throw container.formatError(
          "FFmpeg cannot seek in it (" + FfmpegLibrary.describe(sought) + ")");
    }
    avcodec_flush_buffers(codec);
    drained = false;
  }

  /** Reads the next packet of the chosen stream into {@link #packet}; false at the end. */
  private boolean readPacket() {
    while (av_read_frame(container.context(), packet) >= 0) {
      if (packet.stream_index() == container.streamIndex()) {
        return true;
      }
      av_packet_unref(packet);
    }
    return false;
  }

  @Override
  public void close() {
    av_frame_free(frame);
    av_packet_free(packet);
    avcodec_free_context(codec);
  }
}
