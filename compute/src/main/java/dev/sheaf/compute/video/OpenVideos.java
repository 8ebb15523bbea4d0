package dev.sheaf.compute.video;

import dev.sheaf.compute.image.ImagePixels;
import dev.sheaf.compute.iterate.MediaSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * Videos kept open between {@code extract_frame} calls, so the frames of one video asked in time
 * order (an iterator view's rows) decode forward instead of seeking back for each: at most {@link
 * #CAPACITY} idle videos, each taken by one call at a time, closed when pushed out or idle for
 * {@link #IDLE_NANOS}. Only sources that are local files are kept (keyed by path, size and
 * modification time, so a rewritten file opens afresh); a stream copied to a temporary file is not.
 */
final class OpenVideos {
  static final int CAPACITY = 4;
  static final long IDLE_NANOS = 30_000_000_000L;

  private static final Deque<Entry> IDLE = new ArrayDeque<>();

  private record Key(Path path, long size, long modified) {}

  private record Entry(Key key, OpenVideo video, long since) {}

  private OpenVideos() {}

  /** The frame shown at {@code seconds}, through a kept video of the source when there is one. */
  static ImagePixels pixelsAt(MediaSource source, double seconds) throws IOException {
    Optional<Key> key = key(source);
    OpenVideo video = key.isPresent() ? take(key.get()) : null;
    if (video == null) {
      video = OpenVideo.open(source);
    }
    boolean keep = false;
    try {
      ImagePixels pixels = video.pixelsAt(seconds);
      keep = key.isPresent();
      return pixels;
    } finally {
      if (keep) {
        give(key.get(), video);
      } else {
        video.close();
      }
    }
  }

  private static Optional<Key> key(MediaSource source) {
    if (source.file().isEmpty()) {
      return Optional.empty();
    }
    Path path = source.file().get();
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return Optional.of(
          new Key(path, attributes.size(), attributes.lastModifiedTime().toMillis()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static OpenVideo take(Key key) {
    synchronized (IDLE) {
      for (Iterator<Entry> entries = IDLE.iterator(); entries.hasNext(); ) {
        Entry entry = entries.next();
        if (Objects.equals(entry.key(), key)) {
          entries.remove();
          return entry.video();
        }
      }
    }
    return null;
  }

  private static void give(Key key, OpenVideo video) {
    Deque<OpenVideo> closing = new ArrayDeque<>();
    long now = System.nanoTime();
    synchronized (IDLE) {
      IDLE.addFirst(new Entry(key, video, now));
      while (IDLE.size() > CAPACITY) {
        closing.add(IDLE.removeLast().video());
      }
      while (!IDLE.isEmpty() && now - IDLE.peekLast().since() > IDLE_NANOS) {
        closing.add(IDLE.removeLast().video());
      }
    }
    closing.forEach(OpenVideo::close);
  }
}
