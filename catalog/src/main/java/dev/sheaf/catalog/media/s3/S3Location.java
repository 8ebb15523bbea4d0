package dev.sheaf.catalog.media.s3;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;
import java.util.Locale;

/**
 * The bucket and key of an {@code s3://bucket/key} URI, or of a path-style URL at a profile's
 * endpoint ({@code https://s3.us-west-004.backblazeb2.com/bucket/key}), which then keeps its
 * endpoint so the profile of that endpoint serves it and listings answer in the same form.
 *
 * @param endpoint {@code scheme://host[:port]} of an endpoint URL, or null for {@code s3://}
 */
record S3Location(String bucket, String key, String endpoint) {
  S3Location {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(key, "key is null");
  }

  static boolean isS3(URI uri) {
    return "s3".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
  }

  /** Whether the URI is an http(s) URL whose first path segment could name a bucket. */
  static boolean isEndpointUrl(URI uri) {
    String scheme = uri.getScheme();
    return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        && uri.getHost() != null
        && uri.getRawQuery() == null
        && uri.getRawUserInfo() == null
        && uri.getPath() != null
        && uri.getPath().length() > 1;
  }

  /** {@code scheme://host[:port]} in lower case, the default port left out. */
  static String authority(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port < 0
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  /** Parses an object URI; {@code allowEmptyKey} for listing prefixes. */
  static S3Location parse(URI uri, boolean allowEmptyKey) {
    if (isEndpointUrl(uri)) {
      String path = uri.getPath().substring(1);
      int slash = path.indexOf('/');
      String bucket = slash < 0 ? path : path.substring(0, slash);
      String key = slash < 0 ? "" : path.substring(slash + 1);
      return checked(new S3Location(bucket, key, authority(uri)), allowEmptyKey);
    }
    if (!isS3(uri)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read '%s': not an s3://bucket/key URI (S3 media URIs name a bucket and a key)",
          uri.getScheme() + "://" + uri.getHost());
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String key = path.startsWith("/") ? path.substring(1) : path;
    return checked(new S3Location(uri.getHost(), key, null), allowEmptyKey);
  }

  private static S3Location checked(S3Location location, boolean allowEmptyKey) {
    if (location.key().isEmpty() && !allowEmptyKey) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read '%s': the URI names a bucket, not an object (add the object's key)",
          location);
    }
    return location;
  }

  URI uri(String otherKey) {
    return URI.create(
        (endpoint == null ? "s3://" : endpoint + "/") + bucket + "/" + UriKeys.encode(otherKey));
  }

  @Override
  public String toString() {
    return (endpoint == null ? "s3://" : endpoint + "/") + bucket + "/" + key;
  }
}
