package dev.sheaf.catalog.ingest;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * What an object's checkpoint says before its upload starts: the bytes were read and hashed, and
 * the destination will hold them. A run resumed after a crash finds the destination already
 * matching ({@code expectedEtag}, or else the SHA-256 of its bytes) and does not upload again.
 *
 * @param sourceEtag the source's entity tag when read (a new one on resume means new bytes)
 * @param expectedEtag the entity tag an S3 destination gives these bytes (MD5, or the multipart
 *     form), or null where the destination's tags are not MD5s
 */
public record PendingCopy(
    URI source, String sourceEtag, URI destination, long size, String sha256, String expectedEtag) {
  public PendingCopy {
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    requireNonNull(sha256, "sha256 is null");
  }
}
