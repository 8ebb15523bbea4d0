package dev.sheaf.catalog.media.http;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a request and follows redirects by hand, at most {@link HttpMediaSettings#maxRedirects},
 * checking every hop's host with the {@link NetworkAddressPolicy} before connecting.
 */
final class RedirectingFetcher implements AutoCloseable {
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HttpClient client;
  private final HttpMediaSettings settings;
  private final NetworkAddressPolicy policy;

  RedirectingFetcher(HttpMediaSettings settings) {
    this.settings = settings;
    this.policy = new NetworkAddressPolicy(settings.allowPrivateAddresses());
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The first response that is not a redirect; the caller reads (and closes) its body. */
  <T> HttpResponse<T> send(
      String verb,
      String method,
      URI uri,
      Map<String, String> headers,
      HttpResponse.BodyHandler<T> body) {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      checkScheme(verb, uri, current);
      policy.check(current);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(current)
              .method(method, HttpRequest.BodyPublishers.noBody())
              .timeout(settings.readTimeout());
      headers.forEach(request::header);
      HttpResponse<T> response = exchange(verb, uri, request.build(), body);
      Optional<String> location = response.headers().firstValue("Location");
      if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
        return response;
      }
      HttpBodies.discard(response);
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

  private <T> HttpResponse<T> exchange(
      String verb, URI uri, HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return client.send(request, body);
    } catch (HttpConnectTimeoutException e) {
      throw unavailable(verb, uri, "the connection timed out", e);
    } catch (HttpTimeoutException e) {
      throw unavailable(verb, uri, "no answer within " + settings.readTimeout(), e);
    } catch (IOException e) {
      throw unavailable(verb, uri, e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SheafException(
          ErrorCode.CANCELLED,
          String.format("Cannot %s %s: interrupted", verb, UriRedaction.redact(uri)),
          e);
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
    client.close();
  }
}
