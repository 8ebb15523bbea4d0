package dev.sheaf.catalog.media.s3;

/** Entity tags are kept without the quotes S3 puts around them. */
final class ETags {
  private ETags() {}

  static String strip(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }

  static String quote(String etag) {
    return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
  }
}
