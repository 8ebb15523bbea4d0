package dev.sheaf.spi.media;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * The bytes a media cell means, fixed when the row was written: a table version always reads the
 * same bytes.
 *
 * @param versionId the store's object version, or null where the store keeps none
 */
public record BlobPin(URI uri, long size, String etag, String versionId) {
  public BlobPin {
    requireNonNull(uri, "uri is null");
    requireNonNull(etag, "etag is null");
  }
}
