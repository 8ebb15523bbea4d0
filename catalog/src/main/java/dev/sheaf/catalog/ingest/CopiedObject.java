package dev.sheaf.catalog.ingest;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.media.BlobInfo;
import java.net.URI;

/**
 * An object copied and checked at its destination.
 *
 * @param destination what the destination store holds (its entity tag and version pin it)
 * @param sha256 the SHA-256 of the bytes, in hex, computed while reading the source
 */
public record CopiedObject(URI source, BlobInfo destination, String sha256) {
  public CopiedObject {
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(sha256, "sha256 is null");
  }
}
