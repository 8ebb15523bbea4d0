package dev.sheaf.catalog.media;

import dev.sheaf.spi.media.BlobInfo;
import java.net.URI;
import java.util.List;

/**
 * A store that takes checked uploads (S3 and B2): a whole object sent with its MD5, which the
 * server checks before it stores anything ({@code Content-MD5}), and multipart uploads for objects
 * too large to send in one request. An optional capability beside {@link
 * dev.sheaf.spi.media.MediaStore#write}, asked for with {@code instanceof}, like {@link
 * dev.sheaf.catalog.media.cache.FileDownloads}.
 */
public interface ObjectUploads {
  /** Writes an object in one request; the server refuses bytes whose MD5 differs. */
  BlobInfo put(URI uri, byte[] bytes, byte[] md5, String contentType);

  /** Starts a multipart upload of an object; returns the upload id. */
  String startMultipart(URI uri, String contentType);

  /** Sends part {@code number} (from 1) of an upload; returns the part's entity tag. */
  String putPart(URI uri, String uploadId, int number, byte[] bytes, byte[] md5);

  /**
   * Joins the parts, in order, into the object of {@code size} bytes; describes what was stored.
   */
  BlobInfo completeMultipart(URI uri, String uploadId, List<String> partEtags, long size);

  /** Drops an unfinished upload and its parts; a missing upload is not an error. */
  void abortMultipart(URI uri, String uploadId);
}
