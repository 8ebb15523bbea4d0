package dev.sheaf.compute.iterate;

import dev.sheaf.compute.document.DocumentChunks;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The iterators SQL knows, by name. */
public final class MediaIterators {
  private static final List<MediaIterator> ALL =
      List.of(
          new ImageTiles(),
          new dev.sheaf.compute.video.VideoFrameIterator(),
          new dev.sheaf.compute.audio.AudioSegmentIterator(),
          new DocumentChunks());

  private MediaIterators() {}

  public static List<MediaIterator> all() {
    return ALL;
  }

  public static Optional<MediaIterator> find(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(i -> i.name().equals(wanted)).findFirst();
  }
}
