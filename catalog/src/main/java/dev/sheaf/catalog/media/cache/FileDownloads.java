package dev.sheaf.catalog.media.cache;

import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import java.nio.file.Path;

/**
 * An optional capability of a store: writing pinned bytes straight into a file, faster than copying
 * {@code MediaStore.open}'s stream (the S3 store lets its HTTP client write the file). The cache
 * uses it when a store has it. Same semantics as {@code open}: the pinned version or the pinned
 * ETag, else {@code MEDIA_CHANGED}; the file must not exist and is left absent on failure.
 */
public interface FileDownloads {
  /** Writes the pinned bytes of {@code range} into {@code file}, which must not exist. */
  void download(BlobPin pin, ByteRange range, Path file);
}
