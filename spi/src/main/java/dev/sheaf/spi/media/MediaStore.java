package dev.sheaf.spi.media;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A place where media bytes live: local files under configured roots, an S3-compatible bucket
 * (Backblaze B2 included), or http(s). One instance serves one family of URIs.
 *
 * <p>Blob semantics every implementation keeps, checked by one contract suite:
 *
 * <ul>
 *   <li>An object is named by an absolute URI; a "directory" is only a key prefix ending in '/'.
 *   <li>{@link #stat} describes the object as it is now: size, an entity tag that changes whenever
 *       the bytes change, and a version id where the store keeps versions (B2, versioned S3).
 *   <li>{@link #open} reads the bytes that a {@link BlobPin} names. Where the pin has a version id
 *       the store reads that version even after the object was overwritten; without one, a store
 *       that finds a different size or entity tag fails with {@code MEDIA_CHANGED} and never
 *       returns other bytes.
 *   <li>A missing object fails with {@code MEDIA_NOT_FOUND}; a URI the configuration forbids
 *       (outside the file roots, a private address) with {@code MEDIA_ACCESS_DENIED}; a store that
 *       keeps failing after retries with {@code MEDIA_UNAVAILABLE}. Messages never contain
 *       credentials.
 *   <li>Writes replace an object whole; there are no conditional writes (B2 has none).
 * </ul>
 */
public interface MediaStore extends AutoCloseable {

  /** True when this store is the one configured for the URI. */
  boolean serves(URI uri);

  /** The object as it is now. */
  BlobInfo stat(URI uri);

  /** The pinned bytes in the range; the caller closes the stream. */
  InputStream open(BlobPin pin, ByteRange range);

  /** One page of the objects under a prefix, in key order; {@code pageToken} null for the first. */
  ListingPage list(URI prefix, String pageToken, int pageSize);

  /** Writes an object whole and describes what was stored. */
  BlobInfo write(URI uri, InputStream bytes, long length, String contentType);

  /** Removes an object; removing a missing object is not an error. */
  void delete(URI uri);

  /** A URL anyone holding it may GET until it expires, or empty where the store cannot sign. */
  Optional<URI> presign(BlobPin pin, Duration validFor);

  @Override
  void close();
}
