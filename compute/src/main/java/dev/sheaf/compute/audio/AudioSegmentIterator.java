package dev.sheaf.compute.audio;

import dev.sheaf.compute.ffmpeg.MediaContainer;
import dev.sheaf.compute.ffmpeg.MediaKind;
import dev.sheaf.compute.iterate.IteratorArguments;
import dev.sheaf.compute.iterate.IteratorParameter;
import dev.sheaf.compute.iterate.IteratorPayload;
import dev.sheaf.compute.iterate.MediaIterator;
import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code audio_segments(duration => 10, overlap => 1)}: windows of {@code duration} seconds, each
 * starting {@code duration - overlap} after the one before, the last cut at the end of the audio
 * (segments stop once one reaches the end). Rows carry the times; the payload {@code segment AUDIO
 * AS audio_segment({input}, start_time, end_time)} decodes that window as WAV.
 */
public final class AudioSegmentIterator implements MediaIterator {
  private static final List<IteratorParameter> PARAMETERS =
      List.of(
          new IteratorParameter("duration", SheafType.of(TypeKind.DOUBLE), 10.0),
          new IteratorParameter("overlap", SheafType.of(TypeKind.DOUBLE), 1.0));

  private static final List<SheafColumn> COLUMNS =
      List.of(
          new SheafColumn("pos", SheafType.of(TypeKind.INTEGER), false),
          new SheafColumn("start_time", SheafType.of(TypeKind.DOUBLE), false),
          new SheafColumn("end_time", SheafType.of(TypeKind.DOUBLE), false));

  @Override
  public String name() {
    return "audio_segments";
  }

  @Override
  public TypeKind input() {
    return TypeKind.AUDIO;
  }

  @Override
  public List<IteratorParameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public List<SheafColumn> columns(IteratorArguments arguments) {
    return COLUMNS;
  }

  @Override
  public void rows(MediaSource media, IteratorArguments arguments, RowSink out) throws IOException {
    double duration = arguments.doubleValue("duration");
    double overlap = arguments.doubleValue("overlap");
    if (!(duration > 0) || !(overlap >= 0) || !(overlap < duration)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot cut audio into segments of %s s overlapping by %s s: give duration > 0 and 0 <="
              + " overlap < duration",
          duration,
          overlap);
    }
    double total = length(media);
    double step = duration - overlap;
    for (int pos = 0; ; pos++) {
      double start = pos * step;
      double end = Math.min(start + duration, total);
      out.accept(new Object[] {pos, start, end});
      if (end >= total) {
        break;
      }
    }
  }

  /** Seconds of audio: the header's duration, else what decoding finds. */
  private static double length(MediaSource media) throws IOException {
    double header;
    try (MediaContainer container = MediaContainer.open(media, MediaKind.AUDIO)) {
      container.decoder(1).close(); // a codec that cannot decode fails here, not per segment
      header = container.duration();
    }
    if (header > 0) {
      return header;
    }
    return AudioDecoder.decode(media, 0, 0, 0, Double.POSITIVE_INFINITY).seconds();
  }

  @Override
  public Optional<IteratorPayload> payload() {
    return Optional.of(
        new IteratorPayload(
            "segment",
            SheafType.of(TypeKind.AUDIO),
            "audio_segment({input}, start_time, end_time)"));
  }
}
