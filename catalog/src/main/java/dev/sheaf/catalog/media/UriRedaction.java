package dev.sheaf.catalog.media;

import java.net.URI;

/**
 * How media URIs appear in messages: without user info and query, where signatures and keys hide.
 */
public final class UriRedaction {
  private UriRedaction() {}

  /** {@code scheme://host[:port]/path}, dropping user info, query and fragment. */
  public static String redact(URI uri) {
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      return uri.getScheme() == null ? "(relative URI)" : uri.getScheme() + ":(opaque URI)";
    }
    String host = uri.getHost() == null ? "" : uri.getHost();
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?...";
    return uri.getScheme() + "://" + host + port + path + query;
  }
}
