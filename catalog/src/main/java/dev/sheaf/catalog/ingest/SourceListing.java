package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.MediaStore;
import java.net.URI;
import java.util.List;

/**
 * The objects of a migration's source, a page at a time, in a stable order:
 *
 * <ul>
 *   <li>a prefix of a store that lists ({@code s3://bucket/photos/}, {@code file:///data/photos/}):
 *       every object under it, the prefix taken as a folder ('/' added when missing);
 *   <li>a listing file ({@code https://host/urls.txt}, or a {@code file:} URI of a file): one URL
 *       per line (blank lines and lines starting with '#' skipped), each read through the media
 *       store that serves it, so file roots and the address policy apply to every line.
 * </ul>
 *
 * An http(s) source is always a listing file; a {@code file:} source is a listing file when it
 * names a file (not ending in '/', and a stat finds it), a folder otherwise.
 */
public interface SourceListing {
  /** One page of objects. */
  record Page(List<SourceObject> objects, String nextToken) {
    public Page {
      objects = List.copyOf(objects);
    }
  }

  /** The page after {@code token} (null for the first); {@code nextToken} null after the last. */
  Page page(String token);

  /** The listing for a source URI, read through the registry's stores. */
  static SourceListing of(URI source, MediaStores stores) {
    String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase();
    MediaStore store = stores.storeFor(source);
    if (scheme.equals("http") || scheme.equals("https")) {
      if (!(store instanceof dev.sheaf.catalog.media.http.HttpMediaStore)) {
        return new PrefixListing(source, store); // a path-style URL of an S3 profile's endpoint
      }
      return UrlListFile.read(source, stores);
    }
    if (scheme.equals("file") && !source.getRawPath().endsWith("/") && isFile(store, source)) {
      return UrlListFile.read(source, stores);
    }
    return new PrefixListing(source, store);
  }

  private static boolean isFile(MediaStore store, URI source) {
    try {
      BlobInfo info = store.stat(source);
      return info != null;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
