package dev.sheaf.compute.iterate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bytes of one media cell as an iterator reads them: a local file when there is one (a file
 * under a media root, or the media cache's copy of a remote object), else a stream.
 */
public interface MediaSource {
  /** The cell's URI, for error messages. */
  String uri();

  /** The object's size in bytes. */
  long size();

  /** A new stream over the bytes from the start. */
  InputStream open() throws IOException;

  /** The bytes as a local file, when one exists; decoders that seek (FFmpeg, PDFBox) prefer it. */
  default Optional<Path> file() {
    return Optional.empty();
  }
}
