package dev.sheaf.catalog.media.http;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.time.Duration;

/**
 * How {@link HttpMediaStore} fetches.
 *
 * @param connectTimeout the longest wait for a connection
 * @param readTimeout the longest wait for a response's status and headers (the JDK client has no
 *     timeout for a body that stalls later)
 * @param maxRedirects redirects followed per request; each hop is checked by the address policy
 * @param allowPrivateAddresses fetch from loopback, link-local and private addresses too ({@link
 *     NetworkAddressPolicy})
 */
public record HttpMediaSettings(
    Duration connectTimeout,
    Duration readTimeout,
    int maxRedirects,
    boolean allowPrivateAddresses) {
  public HttpMediaSettings {
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(readTimeout, "readTimeout is null");
    if (maxRedirects < 0) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use %d as the most redirects to follow (give 0 or more)",
          maxRedirects);
    }
  }

  /** 10 s to connect, 60 s for the headers, 5 redirects, public addresses only. */
  public static HttpMediaSettings defaults() {
    return new HttpMediaSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), 5, false);
  }

  public HttpMediaSettings withAllowPrivateAddresses(boolean allowPrivateAddresses) {
    return new HttpMediaSettings(connectTimeout, readTimeout, maxRedirects, allowPrivateAddresses);
  }

  public HttpMediaSettings withMaxRedirects(int maxRedirects) {
    return new HttpMediaSettings(connectTimeout, readTimeout, maxRedirects, allowPrivateAddresses);
  }
}
