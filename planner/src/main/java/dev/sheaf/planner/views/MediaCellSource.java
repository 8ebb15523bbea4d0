package dev.sheaf.planner.views;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.StoredPin;
import dev.sheaf.catalog.media.cache.CacheLease;
import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One media cell as an iterator reads it: its bytes through the engine's media stores with the pin
 * the base row stored (so a changed object is MEDIA_CHANGED, as for media functions), or a pin
 * taken now for a cell stored without one. A local file (inside a media root: the store checks it)
 * and a remote object held in the media cache are also a {@link #file()}; the cache lease is held
 * until {@link #close}.
 */
final class MediaCellSource implements MediaSource, AutoCloseable {
  private final MediaStores stores;
  private final BlobPin pin;
  private CacheLease lease;

  private MediaCellSource(MediaStores stores, BlobPin pin) {
    this.stores = stores;
    this.pin = pin;
  }

  /**
   * The source of a cell; throws the cell's error (a stored pin error, a missing or forbidden
   * object).
   *
   * @param storedPin the pin column's text, or null when the row was stored without one
   */
  static MediaCellSource of(MediaStores stores, String cell, String storedPin) {
    URI uri = MediaStores.parse(cell);
    StoredPin pinned =
        storedPin == null ? StoredPin.of(stores.stat(uri), null) : StoredPin.decode(storedPin);
    return new MediaCellSource(stores, pinned.pin(uri));
  }

  @Override
  public String uri() {
    return pin.uri().toString();
  }

  @Override
  public long size() {
    return pin.size();
  }

  @Override
  public InputStream open() {
    return stores.open(pin, ByteRange.ALL);
  }

  @Override
  public Optional<Path> file() {
    if ("file".equals(pin.uri().getScheme())) {
      // the store refuses a file outside the media roots; stat goes through the same check
      stores.stat(pin.uri());
      return Optional.of(Path.of(pin.uri()));
    }
    if (lease == null && stores.caches(pin.uri())) {
      lease = stores.hold(pin, ByteRange.ALL).orElse(null);
    }
    return lease == null ? Optional.empty() : Optional.of(lease.path());
  }

  @Override
  public void close() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
