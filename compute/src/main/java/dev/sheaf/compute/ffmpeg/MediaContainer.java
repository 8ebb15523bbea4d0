package dev.sheaf.compute.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One media object opened by FFmpeg, with its best stream of a kind chosen. FFmpeg reads a local
 * file: the source's own file when it has one ({@link MediaSource#file()}: a file under a media
 * root, the media cache's copy of a remote object), else a temporary copy of its stream, deleted on
 * close (demuxers seek, an MP4's index may sit at its end, and a file is what FFmpeg reads
 * fastest). Bytes FFmpeg cannot read are MEDIA_FORMAT_ERROR naming the object and FFmpeg's reason.
 */
public final class MediaContainer implements AutoCloseable {
  private final String uri;
  private final MediaKind kind;
  private final Path temporary;
  private final AVFormatContext context;
  private final int streamIndex;

  private MediaContainer(
      String uri, MediaKind kind, Path temporary, AVFormatContext context, int streamIndex) {
    this.uri = uri;
    this.kind = kind;
    this.temporary = temporary;
    this.context = context;
    this.streamIndex = streamIndex;
  }

  /** Opens the source and finds its best stream of {@code kind}. */
  public static MediaContainer open(MediaSource source, MediaKind kind) throws IOException {
    FfmpegLibrary.load();
    if (source.size() == 0) {
      throw formatError(kind, source.uri(), "the object is empty (0 bytes; store the whole file)");
    }
    Path temporary = null;
    Path path;
    if (source.file().isPresent()) {
      path = source.file().get();
    } else {
      temporary = Files.createTempFile("sheaf-media-", ".bin");
      try (InputStream in = source.open()) {
        Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temporary);
        throw e;
      }
      path = temporary;
    }
    AVFormatContext context = avformat_alloc_context();
    int opened = avformat_open_input(context, path.toString(), null, null);
    if (opened < 0) {
      // FFmpeg frees the context when opening fails
      deleteQuietly(temporary);
      throw formatError(
          kind,
          source.uri(),
          "FFmpeg cannot open it ("
              + FfmpegLibrary.describe(opened)
              + "; check that the object is a complete "
              + kind.word()
              + " file, not truncated)");
    }
    MediaContainer container = null;
    try {
      int info = avformat_find_stream_info(context, (PointerPointer<?>) null);
      if (info < 0) {
        throw formatError(
            kind,
            source.uri(),
            "FFmpeg cannot read its streams (" + FfmpegLibrary.describe(info) + ")");
      }
      int index =
          av_find_best_stream(context, kind.mediaType(), -1, -1, (PointerPointer<?>) null, 0);
      if (index < 0) {
        throw formatError(
            kind,
            source.uri(),
            "it has no " + kind.word() + " stream (is it a " + kind.word() + "?)");
      }
      container = new MediaContainer(source.uri(), kind, temporary, context, index);
      return container;
    } finally {
      if (container == null) {
        avformat_close_input(context);
        deleteQuietly(temporary);
      }
    }
  }

  /** A MEDIA_FORMAT_ERROR: "Cannot read video URI: REASON". */
  public static SheafException formatError(MediaKind kind, String uri, String reason) {
    return new SheafException(
        ErrorCode.MEDIA_FORMAT_ERROR, "Cannot read " + kind.word() + " " + uri + ": " + reason);
  }

  public SheafException formatError(String reason) {
    return formatError(kind, uri, reason);
  }

  public String uri() {
    return uri;
  }

  public MediaKind kind() {
    return kind;
  }

  AVFormatContext context() {
    return context;
  }

  public int streamIndex() {
    return streamIndex;
  }

  public AVStream stream() {
    return context.streams(streamIndex);
  }

  public AVCodecParameters parameters() {
    return stream().codecpar();
  }

  /** The stream's codec name ("h264", "aac", ...). */
  public String codecName() {
    return avcodec_get_name(parameters().codec_id()).getString();
  }

  /** The decoder of the stream's codec; MEDIA_FORMAT_ERROR when this FFmpeg has none. */
  AVCodec decoder() {
    AVCodec codec = avcodec_find_decoder(parameters().codec_id());
    if (codec == null) {
      String named =
          codecName().equals("none")
              ? String.format("(tag 0x%x) is unknown", parameters().codec_tag())
              : "'" + codecName() + "' is not supported";
      throw formatError(
          "its codec "
              + named
              + " (no decoder in Sheaf's FFmpeg; re-encode it, e.g. to "
              + (kind == MediaKind.VIDEO ? "H.264" : "AAC or WAV")
              + ")");
    }
    return codec;
  }

  /** Seconds per tick of the stream's timestamps. */
  public double timeBase() {
    return stream().time_base().num() / (double) stream().time_base().den();
  }

  /** The duration in seconds: the stream's, else the container's, else 0 when neither says. */
  public double duration() {
    long streamDuration = stream().duration();
    if (streamDuration != AV_NOPTS_VALUE && streamDuration > 0) {
      return streamDuration * timeBase();
    }
    long containerDuration = context.duration();
    if (containerDuration != AV_NOPTS_VALUE && containerDuration > 0) {
      return containerDuration / (double) AV_TIME_BASE;
    }
    return 0;
  }

  /** Opens a decoder on the chosen stream. */
  public StreamDecoder decoder(int threads) {
    return new StreamDecoder(this, threads);
  }

  @Override
  public void close() {
    avformat_close_input(context);
    deleteQuietly(temporary);
  }

  private static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // a temporary file left behind is removed with the temporary directory
      }
    }
  }
}
