package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.media.UriRedaction;
import java.net.URI;

/**
 * How a source URI is kept in provenance and shown in messages: whole when it cannot hold a secret
 * (no user info, no query: {@code file:}, {@code s3://}, plain https), else redacted ({@link
 * UriRedaction}: user info and query dropped, where presigned signatures and keys hide).
 */
public final class SourceUris {
  private SourceUris() {}

  /** The URI as provenance and messages show it. */
  public static String display(URI uri) {
    return uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
        ? uri.toString()
        : UriRedaction.redact(uri);
  }
}
