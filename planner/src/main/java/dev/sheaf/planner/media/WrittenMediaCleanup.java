package dev.sheaf.planner.media;

import dev.sheaf.catalog.TableVersions;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;

/**
 * Removes media that Sheaf wrote for a table (under {@link MediaPinning#mediaPrefix}) once no kept
 * version references them: after EXPIRE VERSIONS every object under the prefix that no remaining
 * snapshot's media cells name is deleted; DROP TABLE deletes the whole prefix. Media the user
 * registered by URI are never touched.
 *
 * <p>Known limit: an insert that wrote media but has not committed yet when EXPIRE VERSIONS runs on
 * the same table can lose its new objects (its rows then read MEDIA_NOT_FOUND).
 */
public final class WrittenMediaCleanup {
  private static final int PAGE = 1000;

  private final MediaStores stores;

  public WrittenMediaCleanup(MediaStores stores) {
    this.stores = stores;
  }

  /** Deletes the table's written media that no remaining version references; returns how many. */
  public int afterExpire(Table table) {
    URI prefix = MediaPinning.mediaPrefix(stores, table);
    Set<String> referenced = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      Schema schema = TableVersions.schema(table, snapshot);
      List<String> media =
          IcebergSchemas.columns(schema).stream()
              .filter(c -> c.type().isMedia())
              .map(SheafColumn::name)
              .toList();
      if (media.isEmpty()) {
        continue;
      }
      TableRowReader reader = new TableRowReader(table, schema, media);
      try (CloseableIterator<Object[]> rows =
          reader.readAll(snapshot.snapshotId(), Expressions.alwaysTrue())) {
        while (rows.hasNext()) {
          for (Object cell : rows.next()) {
            if (cell instanceof String uri && uri.startsWith(prefix.toString())) {
              referenced.add(uri);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return deleteUnder(prefix, referenced);
  }

  /** Deletes every object Sheaf wrote for a table that is being dropped; returns how many. */
  public int afterDrop(Table table) {
    return deleteUnder(MediaPinning.mediaPrefix(stores, table), Set.of());
  }

  private int deleteUnder(URI prefix, Set<String> keep) {
    int deleted = 0;
    String token = null;
    do {
      ListingPage page = stores.list(prefix, token, PAGE);
      for (BlobInfo object : page.entries()) {
        if (!keep.contains(object.uri().toString())) {
          stores.delete(object.uri());
          deleted++;
        }
      }
      token = page.nextPageToken();
    } while (token != null);
    return deleted;
  }
}
