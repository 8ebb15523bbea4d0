package dev.sheaf.compute.ffmpeg;

import static java.util.Objects.requireNonNull;

import dev.sheaf.compute.iterate.MediaSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A media cell whose bytes are a local file: a file under a media root, or the media cache's copy
 * of a remote object (held by its lease while read). {@code uri} names it in errors.
 */
public record PathSource(String uri, Path path) implements MediaSource {
  public PathSource {
    requireNonNull(uri, "uri is null");
    requireNonNull(path, "path is null");
  }

  @Override
  public long size() {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open() throws IOException {
    return Files.newInputStream(path);
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(path);
  }
}
