package dev.sheaf.catalog.media.http;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only media at http(s) URLs over HTTP/1.1 ({@link HttpWire}), behind the {@link
 * NetworkAddressPolicy}: every redirect hop (followed by hand) is resolved once, every address
 * checked, and the connection made to a checked address. A body that stalls longer than the read
 * timeout, or takes longer than the body timeout, fails with an IOException while it is read
 * ({@code MEDIA_UNAVAILABLE} where the registry reads it).
 *
 * <ul>
 *   <li>{@link #stat}: HEAD. Size from Content-Length (required); the entity tag is the ETag header
 *       as sent (quotes included), else {@code last-modified:<Last-Modified>}, else empty (such a
 *       pin is checked by size only).
 *   <li>{@link #open}: GET with a Range header for a range (a server that ignores it and answers
 *       200 is read past the offset), and If-Match when the pin has a strong ETag (412 is {@code
 *       MEDIA_CHANGED}); the answer's tag and total size are compared with the pin too, so a server
 *       without If-Match support cannot hand out other bytes.
 *   <li>{@link #list}, {@link #write}, {@link #delete}: {@code NOT_SUPPORTED} (http has no listing
 *       or writes).
 *   <li>{@link #presign}: the URL itself, since anyone who can reach it can already read it.
 * </ul>
 *
 * <p>404/410 are {@code MEDIA_NOT_FOUND}, 401/403 {@code MEDIA_ACCESS_DENIED}, other failures
 * {@code MEDIA_UNAVAILABLE}; messages show URLs without user info and query string.
 */
public final class HttpMediaStore implements MediaStore {
  private static final String LAST_MODIFIED_TAG = "last-modified:";

  private final RedirectingFetcher fetcher;

  public HttpMediaStore(HttpMediaSettings settings) {
    this.fetcher = new RedirectingFetcher(requireNonNull(settings, "settings is null"));
  }

  @Override
  public boolean serves(URI uri) {
    String scheme = uri.getScheme();
    return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        && uri.getHost() != null;
  }

  @Override
  public BlobInfo stat(URI uri) {
    HttpAnswer response = fetcher.send("stat", "HEAD", uri, Map.of());
    response.discard();
    checkStatus("stat", uri, response.statusCode());
    HttpHeaders headers = response.headers();
    long size =
        headers
            .firstValueAsLong("Content-Length")
            .orElseThrow(
                () ->
                    SheafException.of(
                        ErrorCode.MEDIA_FORMAT_ERROR,
                        "Cannot stat %s: the server sent no Content-Length (serve the file with"
                            + " its length)",
                        UriRedaction.redact(uri)));
    return new BlobInfo(uri, size, tag(headers), null, lastModified(headers));
  }

  @Override
  public InputStream open(BlobPin pin, ByteRange range) {
    URI uri = pin.uri();
    if (range.length() == 0 || (!range.isAll() && range.offset() >= pin.size())) {
      return InputStream.nullInputStream();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (!range.isAll()) {
      String end = range.length() < 0 ? "" : String.valueOf(range.offset() + range.length() - 1);
      headers.put("Range", "bytes=" + range.offset() + "-" + end);
    }
    if (pin.etag().startsWith("\"")) {
      headers.put("If-Match", pin.etag());
    }
    HttpAnswer response = fetcher.send("read", "GET", uri, headers);
    try {
      if (response.statusCode() == 412) {
        throw changed(uri);
      }
      checkStatus("read", uri, response.statusCode());
      if (!pin.etag().isEmpty() && !pin.etag().equals(tag(response.headers()))) {
        throw changed(uri);
      }
      if (totalSize(response).map(total -> total != pin.size()).orElse(false)) {
        throw changed(uri);
      }
      InputStream body = response.body();
      if (response.statusCode() == 200 && !range.isAll()) {
        // the server ignored the Range header
        body.skipNBytes(range.offset());
        return range.length() < 0 ? body : new BoundedStream(body, range.length());
      }
      return body;
    } catch (RuntimeException | IOException e) {
      response.discard();
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw RedirectingFetcher.unavailable("read", uri, e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public ListingPage list(URI prefix, String pageToken, int pageSize) {
    throw notSupported("list", prefix, "http has no listing: list an s3:// or file:// prefix");
  }

  @Override
  public BlobInfo write(URI uri, InputStream bytes, long length, String contentType) {
    throw notSupported("write", uri, "http media are read-only: write to s3:// or file://");
  }

  @Override
  public void delete(URI uri) {
    throw notSupported("delete", uri, "http media are read-only");
  }

  /** The URL itself: whoever can reach it can read it without a signature. */
  @Override
  public Optional<URI> presign(BlobPin pin, Duration validFor) {
    return Optional.of(pin.uri());
  }

  @Override
  public void close() {
    fetcher.close();
  }

  private static String tag(HttpHeaders headers) {
    Optional<String> etag = headers.firstValue("ETag");
    if (etag.isPresent()) {
      return etag.get();
    }
    return headers.firstValue("Last-Modified").map(value -> LAST_MODIFIED_TAG + value).orElse("");
  }

  /** The object's whole size as the answer states it: Content-Range's total, or Content-Length. */
  private static Optional<Long> totalSize(HttpAnswer response) {
    if (response.statusCode() == 206) {
      return response
          .headers()
          .firstValue("Content-Range")
          .map(value -> value.substring(value.lastIndexOf('/') + 1).trim())
          .filter(total -> !total.equals("*"))
          .map(Long::parseLong);
    }
    return response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst();
  }

  private static Instant lastModified(HttpHeaders headers) {
    try {
      return headers
          .firstValue("Last-Modified")
          .map(value -> ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME))
          .map(ZonedDateTime::toInstant)
          .orElse(null);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void checkStatus(String verb, URI uri, int status) {
    if (status == 200 || status == 206) {
      return;
    }
    String shown = UriRedaction.redact(uri);
    throw switch (status) {
      case 404, 410 ->
          SheafException.of(
              ErrorCode.MEDIA_NOT_FOUND,
              "Cannot %s %s: the server answered %d (check the URL)",
              verb,
              shown,
              status);
      case 401, 403 ->
          SheafException.of(
              ErrorCode.MEDIA_ACCESS_DENIED,
              "Cannot %s %s: the server answered %d (the URL must be readable without"
                  + " credentials)",
              verb,
              shown,
              status);
      case 416 ->
          SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Cannot %s %s: the range lies outside the object (read inside its size)",
              verb,
              shown);
      default ->
          SheafException.of(
              ErrorCode.MEDIA_UNAVAILABLE,
              "Cannot %s %s: the server answered %d (try again later)",
              verb,
              shown,
              status);
    };
  }

  private static SheafException changed(URI uri) {
    return SheafException.of(
        ErrorCode.MEDIA_CHANGED,
        "Cannot read %s: the resource changed after it was pinned (re-insert the row to pin the"
            + " new bytes)",
        UriRedaction.redact(uri));
  }

  private static SheafException notSupported(String verb, URI uri, String hint) {
    return SheafException.of(
        ErrorCode.NOT_SUPPORTED, "Cannot %s %s: %s", verb, UriRedaction.redact(uri), hint);
  }
}
