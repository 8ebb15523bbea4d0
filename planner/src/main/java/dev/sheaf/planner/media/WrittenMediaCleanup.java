package dev.sheaf.planner.media;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.ListingPage;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Table;

/**
 * Removes media that Sheaf wrote (under {@code media-destination}) once no kept version of any
 * table references them. Before DROP TABLE or EXPIRE VERSIONS takes versions away, {@link
 * #candidates} gathers what they might leave unreferenced: the objects under the table's folders
 * (its id's, {@link MediaPinning#mediaPrefix}, and the name-keyed folder of older Sheaf versions)
 * and every written object its versions name (a table made by {@code CREATE TABLE AS} names another
 * table's objects). Afterwards {@link #deleteUnreferenced} reads the media columns of every table
 * in the catalog and deletes only the candidates none of them names: dropping a table never breaks
 * a copy of it, nor a table renamed away from its name. Media the user registered by URI (outside
 * the destination) are never touched.
 *
 * <p>Known limit: an insert that wrote media but has not committed yet when EXPIRE VERSIONS or DROP
 * TABLE runs on the same table can lose its new objects (its rows then read MEDIA_NOT_FOUND).
 */
public final class WrittenMediaCleanup {
  private static final System.Logger LOG = System.getLogger(WrittenMediaCleanup.class.getName());
  private static final int PAGE = 1000;

  private final MediaStores stores;
  private final SheafCatalog catalog;

  public WrittenMediaCleanup(MediaStores stores, SheafCatalog catalog) {
    this.stores = stores;
    this.catalog = catalog;
  }

  /**
   * The written objects that taking versions of {@code table} away may leave unreferenced; call it
   * before the versions go (a dropped table's files are gone afterwards).
   */
  public Set<String> candidates(Table table) {
    Set<String> candidates = new HashSet<>();
    listUnder(MediaPinning.mediaPrefix(stores, table), candidates);
    listUnder(MediaPinning.namedPrefix(stores, table), candidates);
    // a cell may name any URI; one with dot segments is not an object Sheaf wrote
    MediaReferences.forEach(
        table,
        destination(),
        uri -> {
          if (isPlain(uri)) {
            candidates.add(uri);
          }
        });
    return candidates;
  }

  /**
   * Deletes the candidates that no kept version of any table in the catalog references; returns how
   * many objects were deleted.
   */
  public int deleteUnreferenced(Set<String> candidates) {
    Set<String> unreferenced = new HashSet<>(candidates);
    for (String schema : catalog.schemas()) {
      for (String name : catalog.tables(schema)) {
        if (unreferenced.isEmpty()) {
          return 0;
        }
        Optional<Table> table = catalog.findTable(schema, name);
        if (table.isPresent() && MediaReferences.hasMedia(table.get())) {
          MediaReferences.forEach(table.get(), destination(), unreferenced::remove);
        }
      }
    }
    int deleted = 0;
    for (String uri : unreferenced) {
      try {
        stores.delete(URI.create(uri));
        deleted++;
      } catch (SheafException e) {
        // the versions are gone already; an object that cannot be deleted is left behind
        LOG.log(
            System.Logger.Level.WARNING,
            "Cannot delete written media " + uri + ": " + e.getMessage());
      }
    }
    return deleted;
  }

  private static boolean isPlain(String uri) {
    try {
      return URI.create(uri).normalize().toString().equals(uri);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private String destination() {
    return stores.config().destination().toString();
  }

  private void listUnder(URI prefix, Set<String> into) {
    String token = null;
    do {
      ListingPage page = stores.list(prefix, token, PAGE);
      for (BlobInfo object : page.entries()) {
        into.add(object.uri().toString());
      }
      token = page.nextPageToken();
    } while (token != null);
  }
}
