package dev.sheaf.compute.video;

import dev.sheaf.compute.ffmpeg.MediaContainer;
import dev.sheaf.compute.ffmpeg.MediaKind;
import dev.sheaf.compute.iterate.IteratorArguments;
import dev.sheaf.compute.iterate.IteratorParameter;
import dev.sheaf.compute.iterate.IteratorPayload;
import dev.sheaf.compute.iterate.MediaIterator;
import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code video_frames(fps => 1)}: one row per sample of a video at {@code fps}, with the exact
 * presentation time of the frame shown at that sample ({@link VideoTimeline#samples}). Rows come
 * from demuxing alone (no decoding); the frame's pixels are the payload {@code frame IMAGE AS
 * extract_frame({input}, frame_time)}, which seeks to the keyframe before that time.
 */
public final class VideoFrameIterator implements MediaIterator {
  private static final List<IteratorParameter> PARAMETERS =
      List.of(new IteratorParameter("fps", SheafType.of(TypeKind.DOUBLE), 1.0));

  private static final List<SheafColumn> COLUMNS =
      List.of(
          new SheafColumn("pos", SheafType.of(TypeKind.INTEGER), false),
          new SheafColumn("frame_time", SheafType.of(TypeKind.DOUBLE), false));

  @Override
  public String name() {
    return "video_frames";
  }

  @Override
  public TypeKind input() {
    return TypeKind.VIDEO;
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
    double fps = arguments.doubleValue("fps");
    try (MediaContainer container = MediaContainer.open(media, MediaKind.VIDEO)) {
      container.decoder(1).close(); // a codec that cannot decode fails here, not per frame
      for (VideoTimeline.FrameSample sample : VideoTimeline.read(container).samples(fps)) {
        out.accept(new Object[] {sample.pos(), sample.frameTime()});
      }
    }
  }

  @Override
  public Optional<IteratorPayload> payload() {
    return Optional.of(
        new IteratorPayload(
            "frame", SheafType.of(TypeKind.IMAGE), "extract_frame({input}, frame_time)"));
  }
}
