package dev.sheaf.spi.media;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Instant;

/**
 * What a store says of one object.
 *
 * @param versionId the store's version of the object, or null where the store keeps none
 * @param lastModified when the object was written, or null where the store does not say
 */
public record BlobInfo(URI uri, long size, String etag, String versionId, Instant lastModified) {
  public BlobInfo {
    requireNonNull(uri, "uri is null");
    requireNonNull(etag, "etag is null");
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
  }

  /** The pin that names exactly these bytes. */
  public BlobPin pin() {
    return new BlobPin(uri, size, etag, versionId);
  }
}
