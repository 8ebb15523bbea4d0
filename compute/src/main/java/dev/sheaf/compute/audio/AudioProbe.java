package dev.sheaf.compute.audio;

import dev.sheaf.compute.ffmpeg.MediaContainer;
import dev.sheaf.compute.ffmpeg.MediaKind;
import dev.sheaf.compute.iterate.MediaSource;
import java.io.IOException;

/** Reads an audio object's metadata from its header. */
public final class AudioProbe {
  private AudioProbe() {}

  public static AudioInfo probe(MediaSource source) throws IOException {
    try (MediaContainer container = MediaContainer.open(source, MediaKind.AUDIO)) {
      // fail on a codec this FFmpeg cannot decode: metadata of unreadable audio misleads
      container.decoder(1).close();
      return new AudioInfo(
          container.duration(),
          container.parameters().sample_rate(),
          container.parameters().ch_layout().nb_channels(),
          container.codecName());
    }
  }
}
