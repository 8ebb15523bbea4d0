package dev.sheaf.catalog.media.s3;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;

/** The bucket and key of an {@code s3://bucket/key} URI. */
record S3Location(String bucket, String key) {
  S3Location {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(key, "key is null");
  }

  static boolean isS3(URI uri) {
    return "s3".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
  }

  /** Parses an object URI; {@code allowEmptyKey} for listing prefixes. */
  static S3Location parse(URI uri, boolean allowEmptyKey) {
    if (!isS3(uri)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read '%s': not an s3://bucket/key URI (S3 media URIs name a bucket and a key)",
          uri.getScheme() + "://" + uri.getHost());
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String key = path.startsWith("/") ? path.substring(1) : path;
    if (key.isEmpty() && !allowEmptyKey) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read 's3://%s/': the URI names a bucket, not an object (add the object's key)",
          uri.getHost());
    }
    return new S3Location(uri.getHost(), key);
  }

  URI uri(String otherKey) {
    return URI.create("s3://" + bucket + "/" + UriKeys.encode(otherKey));
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
