package dev.sheaf.testing.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_get_filter;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_parse2;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Writes real media for tests with the FFmpeg libraries of the bytedeco jar (its {@code ffmpeg}
 * program needs libpulse, which machines here lack): FFmpeg's {@code testsrc2} pattern encoded as
 * H.264 (OpenH264) or MPEG-4 Part 2 (with B-frames, so decode order differs from presentation
 * order), and sine waves encoded as WAV, MP3, AAC or FLAC. {@link #main} writes files for scripts.
 */
public final class TestMedia {
  private TestMedia() {}

  /** A video of {@code frames} frames at {@code fps}, keyframes every {@code gop} frames. */
  public record VideoSpec(String codec, int width, int height, int fps, int frames, int gop) {
    public static VideoSpec h264(int width, int height, int fps, int frames, int gop) {
      return new VideoSpec("libopenh264", width, height, fps, frames, gop);
    }
  }

  public static Path video(Path file, VideoSpec spec) throws IOException {
    return video(file, spec, false);
  }

  /**
   * A video as {@link #video(Path, VideoSpec)}, with its MP4 index moved to the front when {@code
   * fastStart} (FFmpeg's {@code movflags=+faststart}, as files made for streaming are), so a copy
   * cut short still opens and its missing frames are found while reading.
   */
  public static Path video(Path file, VideoSpec spec, boolean fastStart) throws IOException {
    av_log_set_level(AV_LOG_QUIET);
    AVFilterGraph graph = avfilter_graph_alloc();
    Output output = null;
    try {
      String pattern =
          String.format(
              Locale.ROOT,
              "testsrc2=size=%dx%d:rate=%d,trim=end_frame=%d,format=yuv420p,buffersink",
              spec.width(),
              spec.height(),
              spec.fps(),
              spec.frames());
      try (BytePointer text = new BytePointer(pattern);
          PointerPointer<?> inputs = new PointerPointer<>(1);
          PointerPointer<?> outputs = new PointerPointer<>(1)) {
        check(avfilter_graph_parse2(graph, text, inputs, outputs), "parse " + pattern);
      }
      check(avfilter_graph_config(graph, null), "configure the filters");
      AVFilterContext sink = avfilter_graph_get_filter(graph, "Parsed_buffersink_3");
      if (sink == null) {
        throw new IOException("no buffersink in " + pattern);
      }
      AVCodec codec = encoder(spec.codec());
      AVCodecContext context = avcodec_alloc_context3(codec);
      context.width(spec.width());
      context.height(spec.height());
      context.pix_fmt(AV_PIX_FMT_YUV420P);
      context.time_base(rational(1, spec.fps()));
      context.framerate(rational(spec.fps(), 1));
      context.gop_size(spec.gop());
      context.bit_rate(2_000_000);
      if (!spec.codec().equals("libopenh264")) {
        context.max_b_frames(2);
      }
      output = new Output(file, codec, context, fastStart);
      AVFrame frame = av_frame_alloc();
      try {
        while (av_buffersink_get_frame(sink, frame) >= 0) {
          frame.pict_type(0);
          output.encode(frame);
          av_frame_unref(frame);
        }
      } finally {
        av_frame_free(frame);
      }
      output.finish();
      return file;
    } finally {
      if (output != null) {
        output.close();
      }
      avfilter_graph_free(graph);
    }
  }

  /**
   * A sine wave of {@code frequency} Hz, {@code seconds} long, in a codec: "pcm_s16le" (WAV),
   * "libmp3lame" (MP3), "aac" (M4A), "flac"; the container follows the file's extension.
   */
  public static Path audio(
      Path file, String codecName, int sampleRate, int channels, double seconds, double frequency)
      throws IOException {
    av_log_set_level(AV_LOG_QUIET);
    AVCodec codec = encoder(codecName);
    AVCodecContext context = avcodec_alloc_context3(codec);
    boolean planarFloat = !codecName.equals("pcm_s16le") && !codecName.equals("flac");
    context.sample_fmt(planarFloat ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_S16);
    context.sample_rate(sampleRate);
    av_channel_layout_default(context.ch_layout(), channels);
    context.time_base(rational(1, sampleRate));
    context.bit_rate(128_000);
    try (Output output = new Output(file, codec, context, false)) {
      int frameSize = context.frame_size() > 0 ? context.frame_size() : 1024;
      long total = Math.round(seconds * sampleRate);
      AVFrame frame = av_frame_alloc();
      try {
        for (long start = 0; start < total; start += frameSize) {
          int count = (int) Math.min(frameSize, total - start);
          frame.nb_samples(count);
          frame.format(context.sample_fmt());
          frame.sample_rate(sampleRate);
          av_channel_layout_default(frame.ch_layout(), channels);
          check(av_frame_get_buffer(frame, 0), "allocate samples");
          check(av_frame_make_writable(frame), "write samples");
          for (int c = 0; c < channels; c++) {
            for (int i = 0; i < count; i++) {
              double value = 0.5 * Math.sin(2 * Math.PI * frequency * (start + i) / sampleRate);
              if (planarFloat) {
                new FloatPointer(frame.extended_data(c)).put(i, (float) value);
              } else {
                new ShortPointer(frame.extended_data(0))
                    .put((long) i * channels + c, (short) Math.round(value * 32767));
              }
            }
          }
          frame.pts(start);
          output.encode(frame);
          av_frame_unref(frame);
        }
      } finally {
        av_frame_free(frame);
      }
      output.finish();
    }
    return file;
  }

  private static AVCodec encoder(String name) throws IOException {
    AVCodec codec = avcodec_find_encoder_by_name(name);
    if (codec == null) {
      throw new IOException("this FFmpeg has no encoder " + name);
    }
    return codec;
  }

  private static AVRational rational(int num, int den) {
    AVRational rational = new AVRational();
    rational.num(num);
    rational.den(den);
    return rational;
  }

  private static void check(int code, String what) throws IOException {
    if (code < 0) {
      throw new IOException("Cannot " + what + ": FFmpeg error " + code);
    }
  }

  /** An encoder writing into a one-stream container file. */
  private static final class Output implements AutoCloseable {
    private final AVFormatContext format;
    private final AVCodecContext codec;
    private final AVStream stream;
    private final AVPacket packet = av_packet_alloc();
    private boolean opened;

    Output(Path file, AVCodec encoder, AVCodecContext codec, boolean fastStart) throws IOException {
      this.codec = codec;
      this.format = new AVFormatContext(null);
      check(
          avformat_alloc_output_context2(format, null, null, file.toString()),
          "choose a container for " + file);
      if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
        codec.flags(codec.flags() | (1 << 22)); // AV_CODEC_FLAG_GLOBAL_HEADER
      }
      check(avcodec_open2(codec, encoder, (AVDictionary) null), "open the encoder");
      stream = avformat_new_stream(format, null);
      check(avcodec_parameters_from_context(stream.codecpar(), codec), "copy codec parameters");
      stream.time_base(codec.time_base());
      org.bytedeco.ffmpeg.avformat.AVIOContext io =
          new org.bytedeco.ffmpeg.avformat.AVIOContext(null);
      check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "create " + file);
      format.pb(io);
      AVDictionary options = new AVDictionary(null);
      if (fastStart) {
        av_dict_set(options, "movflags", "+faststart", 0);
      }
      check(avformat_write_header(format, options), "write the header");
      av_dict_free(options);
      opened = true;
    }

    void encode(AVFrame frame) throws IOException {
      check(avcodec_send_frame(codec, frame), "encode a frame");
      drain();
    }

    void finish() throws IOException {
      avcodec_send_frame(codec, null);
      drain();
      check(av_write_trailer(format), "write the trailer");
    }

    private void drain() throws IOException {
      while (true) {
        int received = avcodec_receive_packet(codec, packet);
        if (received == AVERROR_EOF || received == -11) {
          return;
        }
        check(received, "take a packet");
        if (packet.duration() <= 0 && codec.codec_type() == AVMEDIA_TYPE_VIDEO) {
          packet.duration(1); // one frame: OpenH264 leaves it unset, and MP4 then drops the last
        }
        av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
        packet.stream_index(stream.index());
        check(av_interleaved_write_frame(format, packet), "write a packet");
        av_packet_unref(packet);
      }
    }

    @Override
    public void close() {
      av_packet_free(packet);
      if (opened) {
        avio_closep(format.pb());
      }
      avformat_free_context(format);
      avcodec_free_context(codec);
    }
  }

  /**
   * Writes media for scripts: {@code video FILE WIDTH HEIGHT FPS FRAMES GOP} or {@code audio FILE
   * CODEC RATE CHANNELS SECONDS FREQUENCY}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 7 && args[0].equals("video")) {
      video(
          Path.of(args[1]),
          VideoSpec.h264(
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              Integer.parseInt(args[5]),
              Integer.parseInt(args[6])));
    } else if (args.length == 7 && args[0].equals("audio")) {
      audio(
          Path.of(args[1]),
          args[2],
          Integer.parseInt(args[3]),
          Integer.parseInt(args[4]),
          Double.parseDouble(args[5]),
          Double.parseDouble(args[6]));
    } else {
      throw new IllegalArgumentException(
          "usage: video FILE WIDTH HEIGHT FPS FRAMES GOP | audio FILE CODEC RATE CHANNELS SECONDS"
              + " FREQUENCY");
    }
  }
}
