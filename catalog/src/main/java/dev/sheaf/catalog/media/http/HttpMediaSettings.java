package dev.sheaf.catalog.media.http;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.time.Duration;

/**
 * How {@link HttpMediaStore} fetches.
 *
 * @param connectTimeout the longest wait for a connection
 * @param readTimeout the longest wait for any bytes: the response head, or the next bytes of a body
 *     that stalls (then {@code MEDIA_UNAVAILABLE})
 * @param bodyTimeout the longest a whole exchange, body included, may take (a body that trickles)
 * @param maxRedirects redirects followed per request; each hop is checked by the address policy
 * @param allowPrivateAddresses fetch from loopback, link-local and private addresses too ({@link
 *     NetworkAddressPolicy})
 * @param resolver resolves host names; each hop's addresses are resolved once, checked, and
 *     connected to
 */
public record HttpMediaSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration bodyTimeout,
    int maxRedirects,
    boolean allowPrivateAddresses,
    HostResolver resolver) {
  public HttpMediaSettings {
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(readTimeout, "readTimeout is null");
    requireNonNull(bodyTimeout, "bodyTimeout is null");
    requireNonNull(resolver, "resolver is null");
    if (maxRedirects < 0) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use %d as the most redirects to follow (give 0 or more)",
          maxRedirects);
    }
    for (Duration timeout : new Duration[] {connectTimeout, readTimeout, bodyTimeout}) {
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot use %s as an http media timeout (give a positive duration under 24 days)",
            timeout);
      }
    }
  }

  /**
   * 10 s to connect, 60 s for any bytes, 10 minutes for a whole exchange, 5 redirects, public
   * addresses only, the system resolver.
   */
  public static HttpMediaSettings defaults() {
    return new HttpMediaSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        5,
        false,
        HostResolver.system());
  }

  public HttpMediaSettings withAllowPrivateAddresses(boolean allowPrivateAddresses) {
    return new HttpMediaSettings(
        connectTimeout, readTimeout, bodyTimeout, maxRedirects, allowPrivateAddresses, resolver);
  }

  public HttpMediaSettings withMaxRedirects(int maxRedirects) {
    return new HttpMediaSettings(
        connectTimeout, readTimeout, bodyTimeout, maxRedirects, allowPrivateAddresses, resolver);
  }

  public HttpMediaSettings withTimeouts(
      Duration connectTimeout, Duration readTimeout, Duration bodyTimeout) {
    return new HttpMediaSettings(
        connectTimeout, readTimeout, bodyTimeout, maxRedirects, allowPrivateAddresses, resolver);
  }

  public HttpMediaSettings withResolver(HostResolver resolver) {
    return new HttpMediaSettings(
        connectTimeout, readTimeout, bodyTimeout, maxRedirects, allowPrivateAddresses, resolver);
  }
}
