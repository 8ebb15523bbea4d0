package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text file of URLs, one per line, read whole when the migration starts (at most {@value
 * #MAX_BYTES} bytes). Each URL's key under the destination is {@code host/path} ({@code
 * localhost/path} for a {@code file:///path} line); the objects are not described (their stores are
 * asked at copy time). Pages are ranges of lines; the token is the next line's index.
 */
final class UrlListFile implements SourceListing {
  static final int MAX_BYTES = 64 << 20;

  private final List<SourceObject> objects;

  private UrlListFile(List<SourceObject> objects) {
    this.objects = List.copyOf(objects);
  }

  static UrlListFile read(URI listing, MediaStores stores) {
    MediaStore store = stores.storeFor(listing);
    BlobInfo info = store.stat(listing);
    if (info.size() > MAX_BYTES) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read the listing file %s: it has %d bytes, more than %d (split it)",
          SourceUris.display(listing),
          info.size(),
          MAX_BYTES);
    }
    String text;
    try (InputStream in = store.open(info.pin(), ByteRange.ALL)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw SheafException.of(
          ErrorCode.MEDIA_UNAVAILABLE,
          "Cannot read the listing file %s: %s (try again)",
          SourceUris.display(listing),
          e.getClass().getSimpleName());
    }
    List<SourceObject> objects = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      URI url = parse(line, i + 1, listing);
      objects.add(new SourceObject(url, key(url, i + 1, listing), -1, null, null));
    }
    return new UrlListFile(objects);
  }

  private static URI parse(String line, int number, URI listing) {
    try {
      URI url = new URI(line);
      boolean named = url.getRawAuthority() != null || "file".equalsIgnoreCase(url.getScheme());
      if (url.isAbsolute() && named && url.getRawUserInfo() == null && !url.isOpaque()) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot read line %d of the listing file %s: not an absolute URL without user info (give"
            + " one https://host/path URL per line)",
        number,
        SourceUris.display(listing));
  }

  private static String key(URI url, int number, URI listing) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String host = url.getHost() == null ? "localhost" : url.getHost();
    String key = host + (path.startsWith("/") ? path : "/" + path);
    if (key.endsWith("/") || key.contains("/../") || key.contains("/./")) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read line %d of the listing file %s: the URL names no file (give a URL whose"
              + " path ends in a file name)",
          number,
          SourceUris.display(listing));
    }
    return key;
  }

  @Override
  public Page page(String token) {
    int from = token == null ? 0 : Integer.parseInt(token);
    int to = Math.min(objects.size(), from + PrefixListing.PAGE_SIZE);
    return new Page(objects.subList(from, to), to < objects.size() ? Integer.toString(to) : null);
  }
}
