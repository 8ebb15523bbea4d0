package dev.sheaf.catalog.ingest;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.media.BlobPin;
import java.net.URI;

/**
 * One object a migration copies, as its source listed it.
 *
 * @param key where it goes under the destination: its raw (percent-encoded) path below the source
 *     prefix, or {@code host/path} for a URL of a listing file
 * @param size its size, or -1 when the listing does not say (a URL; stat before reading)
 * @param etag its entity tag, or null when the listing does not say
 */
public record SourceObject(URI uri, String key, long size, String etag, String versionId) {
  public SourceObject {
    requireNonNull(uri, "uri is null");
    requireNonNull(key, "key is null");
    if (key.isEmpty() || key.startsWith("/")) {
      throw new IllegalArgumentException("key is empty or absolute: " + key);
    }
  }

  /** Whether the listing described the bytes (size and entity tag). */
  public boolean described() {
    return size >= 0 && etag != null;
  }

  /** The pin of the listed bytes; only when {@link #described}. */
  public BlobPin pin() {
    return new BlobPin(uri, size, etag, versionId);
  }
}
