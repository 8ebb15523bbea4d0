package dev.sheaf.catalog.ingest;

import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.media.MediaStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Every object under a store prefix, taken as a folder; keys are raw paths below it. */
final class PrefixListing implements SourceListing {
  static final int PAGE_SIZE = 1000;

  private final URI prefix;
  private final MediaStore store;

  PrefixListing(URI source, MediaStore store) {
    String text = source.toString();
    this.prefix = URI.create(text.endsWith("/") ? text : text + "/");
    this.store = store;
  }

  @Override
  public Page page(String token) {
    ListingPage page = store.list(prefix, token, PAGE_SIZE);
    String base = prefix.getRawPath();
    List<SourceObject> objects = new ArrayList<>();
    for (BlobInfo entry : page.entries()) {
      String path = entry.uri().getRawPath();
      if (path == null || !path.startsWith(base) || path.length() == base.length()) {
        continue; // the folder marker itself, or an answer outside the prefix
      }
      objects.add(
          new SourceObject(
              entry.uri(),
              path.substring(base.length()),
              entry.size(),
              entry.etag(),
              entry.versionId()));
    }
    return new Page(objects, page.nextPageToken());
  }
}
