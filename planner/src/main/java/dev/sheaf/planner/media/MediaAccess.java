package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.StoredPin;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.DataContext;

/**
 * What the media functions of one statement reach: the engine's stores, and the pin each media cell
 * stands for. A cell whose row carries no stored pin is pinned on first use in the statement (one
 * stat per URI per statement), so every function of a statement sees the same bytes.
 */
public final class MediaAccess {
  /** The name the statement's DataContext answers with this object. */
  public static final String KEY = "sheaf.media";

  private final MediaStores stores;
  private final Map<String, Pinned> pinned = new ConcurrentHashMap<>();
  private final CellPins cells = new CellPins();
  private volatile boolean usesPins;

  public MediaAccess(MediaStores stores) {
    this.stores = stores;
  }

  /** The statement's media access, from Calcite's DataContext. */
  public static MediaAccess of(DataContext root) {
    Object access = root.get(KEY);
    if (access instanceof MediaAccess media) {
      return media;
    }
    throw new SheafException(
        ErrorCode.INTERNAL_ERROR, "Cannot read media: the statement has no media stores");
  }

  public MediaStores stores() {
    return stores;
  }

  /** Marks the statement as calling media functions: scans then hand over their rows' pins. */
  public void usePins() {
    usesPins = true;
  }

  /** Whether scans should read the pin columns and {@link #register} each cell's pin. */
  public boolean usesPins() {
    return usesPins;
  }

  /** Records the stored pin of a cell a scan produced. */
  public void register(String cell, String storedPin) {
    cells.put(cell, StoredPin.decode(storedPin));
  }

  /**
   * The pin of a cell, or the error that stopped it from being pinned: the pin stored with the row
   * the cell came from, else one taken now (once per URI per statement).
   */
  public Pinned pin(String cell) {
    StoredPin stored = cells.get(cell);
    if (stored != null) {
      try {
        return new Pinned(stored.pin(MediaStores.parse(cell)), null);
      } catch (SheafException e) {
        return new Pinned(null, e);
      }
    }
    return pinned.computeIfAbsent(cell, this::stat);
  }

  private Pinned stat(String cell) {
    try {
      BlobInfo info = stores.stat(MediaStores.parse(cell));
      return new Pinned(info.pin(), null);
    } catch (SheafException e) {
      return new Pinned(null, e);
    }
  }

  /** A pin, or the error in its place. */
  public record Pinned(BlobPin pin, SheafException error) {
    /** The pin; throws the error when there is none. */
    public BlobPin require() {
      if (pin == null) {
        throw error;
      }
      return pin;
    }
  }
}
