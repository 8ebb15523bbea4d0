package dev.sheaf.catalog.media.http;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a request and follows redirects by hand, at most {@link HttpMediaSettings#maxRedirects}:
 * every hop's host is resolved once, all its addresses checked with the {@link
 * NetworkAddressPolicy}, and the connection made to one of those addresses ({@link HttpWire}).
 */
final class RedirectingFetcher implements AutoCloseable {
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HttpMediaSettings settings;
  private final NetworkAddressPolicy policy;

  RedirectingFetcher(HttpMediaSettings settings) {
    this.settings = settings;
    this.policy = new NetworkAddressPolicy(settings.allowPrivateAddresses());
  }

  /** The first response that is not a redirect; the caller reads (and closes) its body. */
  HttpAnswer send(String verb, String method, URI uri, Map<String, String> headers) {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      checkScheme(verb, uri, current);
      List<InetAddress> addresses = policy.checkedAddresses(current, settings.resolver());
      HttpAnswer response = exchange(verb, uri, method, current, addresses, headers);
      Optional<String> location = response.headers().firstValue("Location");
      if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
        return response;
      }
      response.discard();
      if (hop >= settings.maxRedirects()) {
        throw SheafException.of(
            ErrorCode.MEDIA_UNAVAILABLE,
            "Cannot %s %s: more than %d redirects (check the URL, or raise the redirect limit)",
            verb,
            UriRedaction.redact(uri),
            settings.maxRedirects());
      }
      current = current.resolve(location.get());
    }
  }

  private HttpAnswer exchange(
      String verb,
      URI uri,
      String method,
      URI current,
      List<InetAddress> addresses,
      Map<String, String> headers) {
    try {
      return HttpWire.exchange(method, current, addresses, headers, settings);
    } catch (SocketTimeoutException e) {
      throw unavailable(verb, uri, "no answer within " + settings.readTimeout(), e);
    } catch (IOException e) {
      throw unavailable(verb, uri, e.getClass().getSimpleName(), e);
    }
  }

  private static void checkScheme(String verb, URI original, URI current) {
    String scheme = current.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw SheafException.of(
          ErrorCode.MEDIA_ACCESS_DENIED,
          "Cannot %s %s: it leads to a %s URL (only http and https are fetched)",
          verb,
          UriRedaction.redact(original),
          scheme);
    }
  }

  static SheafException unavailable(String verb, URI uri, String reason, Throwable cause) {
    return new SheafException(
        ErrorCode.MEDIA_UNAVAILABLE,
        String.format("Cannot %s %s: %s (try again later)", verb, UriRedaction.redact(uri), reason),
        cause);
  }

  @Override
  public void close() {
    // no pooled connections: each exchange closes its own
  }
}
