package dev.sheaf.compute.video;

import dev.sheaf.compute.ffmpeg.MediaContainer;
import dev.sheaf.compute.ffmpeg.MediaKind;
import dev.sheaf.compute.iterate.MediaSource;
import java.io.IOException;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** Reads a video's metadata: the header, plus a demux of its packets for the exact frame count. */
public final class VideoProbe {
  private VideoProbe() {}

  public static VideoInfo probe(MediaSource source) throws IOException {
    try (MediaContainer container = MediaContainer.open(source, MediaKind.VIDEO)) {
      // fail on a codec this FFmpeg cannot decode: metadata of an unreadable video misleads
      container.decoder(1).close();
      double duration = container.duration();
      AVRational rate = container.stream().avg_frame_rate();
      if (rate.num() <= 0 || rate.den() <= 0) {
        rate = container.stream().r_frame_rate();
      }
      double fps = rate.num() > 0 && rate.den() > 0 ? rate.num() / (double) rate.den() : 0;
      int width = container.parameters().width();
      int height = container.parameters().height();
      String codec = container.codecName();
      VideoTimeline timeline = VideoTimeline.read(container);
      if (duration <= 0) {
        duration = timeline.end() - timeline.time(0);
      }
      return new VideoInfo(duration, fps, width, height, codec, timeline.frameCount());
    }
  }
}
