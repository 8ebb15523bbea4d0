package dev.sheaf.planner.media;

import static dev.sheaf.spi.error.ErrorCode.MEDIA_UNAVAILABLE;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.catalog.media.cache.CacheLease;
import dev.sheaf.compute.ffmpeg.PathSource;
import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A media cell's pinned object as a {@link MediaSource} for decoders that read files (FFmpeg): a
 * local file checked against its pin, else the media cache's copy held by a lease for the call (the
 * scan's prefetch may have brought it already), else (no cache configured) a stream that the
 * decoder copies to a temporary file. Errors name the URI with credentials redacted.
 */
public final class MediaCellSource {
  private MediaCellSource() {}

  /** Reads a cell's object with {@code body}. */
  @FunctionalInterface
  public interface SourceBody<T> {
    T apply(MediaSource source) throws IOException;
  }

  /** Runs {@code body} on the cell's object; its I/O failures are MEDIA_UNAVAILABLE. */
  public static <T> T read(MediaAccess media, String cell, SourceBody<T> body) {
    return read(media, media.pin(cell).require(), body);
  }

  public static <T> T read(MediaAccess media, BlobPin pin, SourceBody<T> body) {
    String uri = UriRedaction.redact(pin.uri());
    try {
      Optional<Path> local = media.stores().localFile(pin);
      if (local.isPresent()) {
        return body.apply(new PathSource(uri, local.get()));
      }
      Optional<CacheLease> lease = media.stores().hold(pin, ByteRange.ALL);
      if (lease.isPresent()) {
        try (CacheLease held = lease.get()) {
          return body.apply(new PathSource(uri, held.path()));
        }
      }
      return body.apply(
          new MediaSource() {
            @Override
            public String uri() {
              return uri;
            }

            @Override
            public long size() {
              return pin.size();
            }

            @Override
            public InputStream open() {
              return media.stores().open(pin, ByteRange.ALL);
            }
          });
    } catch (IOException e) {
      throw SheafException.of(
          MEDIA_UNAVAILABLE,
          "Cannot read media %s: %s (try again)",
          uri,
          e.getClass().getSimpleName());
    }
  }
}
