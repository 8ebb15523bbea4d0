package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.MediaReadPins;
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
 * stands for. A table cell whose row carries no stored pin (an on_read table) reads the pin kept
 * for its table version in {@link MediaReadPins}, taken at the first read of that version, so every
 * read of a version sees the same bytes; any other cell without a pin (a literal, a computed
 * string) is pinned on first use in the statement (one stat per URI per statement).
 */
public final class MediaAccess {
  /** The name the statement's DataContext answers with this object. */
  public static final String KEY = "sheaf.media";

  private final MediaStores stores;
  private final MediaReadPins readPins;
  private final Map<String, Pinned> pinned = new ConcurrentHashMap<>();
  private final CellPins cells = new CellPins();
  private volatile boolean usesPins;
  private volatile MediaOnError onError = MediaOnError.NULL;
  private volatile MediaColumnReads columnReads = MediaColumnReads.NONE;
  private volatile ImageCallsAhead imageCalls = ImageCallsAhead.NONE;
  private final ImageWork imageWork = new ImageWork();

  /**
   * @param readPins where the pins of cells stored without one (on_read tables) are kept, per table
   *     version, from their first read on
   */
  public MediaAccess(MediaStores stores, MediaReadPins readPins) {
    this.stores = stores;
    this.readPins = readPins;
  }

  /** A table version rows were read from: a table's UUID and a snapshot id. */
  public record ReadScope(String tableUuid, long snapshotId) {}

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

  /** What the statement's media functions do when a cell fails. */
  public MediaOnError onError() {
    return onError;
  }

  /** Sets what the statement's media functions do when a cell fails (before it runs). */
  public void onError(MediaOnError mode) {
    this.onError = java.util.Objects.requireNonNull(mode, "mode is null");
  }

  /** Marks the statement as calling media functions: scans then hand over their rows' pins. */
  public void usePins() {
    usesPins = true;
  }

  /** Records what the statement's media functions read of each column (scans fetch it ahead). */
  public void columnReads(MediaColumnReads reads) {
    this.columnReads = java.util.Objects.requireNonNull(reads, "reads is null");
  }

  /** Sets the image function calls the statement's scans may compute ahead. */
  public void imageCalls(ImageCallsAhead calls) {
    this.imageCalls = java.util.Objects.requireNonNull(calls, "calls is null");
  }

  public ImageCallsAhead imageCalls() {
    return imageCalls;
  }

  /** The image calls computed ahead for this statement. */
  ImageWork imageWork() {
    return imageWork;
  }

  /** What the statement's media functions read of each column they are called on. */
  public MediaColumnReads columnReads() {
    return columnReads;
  }

  /** Whether scans should read the pin columns and {@link #register} each cell's pin. */
  public boolean usesPins() {
    return usesPins;
  }

  /** Records the stored pin of a cell a scan produced. */
  public void register(String cell, String storedPin) {
    cells.put(cell, new CellPins.CellPin(StoredPin.decode(storedPin), null));
  }

  /** Records the table version of a cell a scan produced from a row stored without its pin. */
  public void registerUnpinned(String cell, ReadScope scope) {
    if (scope != null) {
      cells.put(cell, new CellPins.CellPin(null, scope));
    }
  }

  /**
   * The pin of a cell, or the error that stopped it from being pinned: the pin stored with the row
   * the cell came from; for a row stored without one, the pin kept for its table version (taken and
   * kept now at its first read); else one taken now (once per URI per statement).
   */
  public Pinned pin(String cell) {
    CellPins.CellPin known = cells.get(cell);
    if (known != null && known.stored() != null) {
      try {
        return new Pinned(known.stored().pin(MediaStores.parse(cell)), null);
      } catch (SheafException e) {
        return new Pinned(null, e);
      }
    }
    if (known != null && known.scope() != null && readPins != null) {
      ReadScope scope = known.scope();
      return pinned.computeIfAbsent(
          scope.tableUuid() + "@" + scope.snapshotId() + " " + cell, key -> kept(scope, cell));
    }
    return pinned.computeIfAbsent(cell, this::stat);
  }

  /** The pin kept for a cell of a table version; the first read takes and keeps it. */
  private Pinned kept(ReadScope scope, String cell) {
    try {
      java.net.URI uri = MediaStores.parse(cell);
      java.util.Optional<StoredPin> kept =
          readPins.find(scope.tableUuid(), scope.snapshotId(), cell);
      if (kept.isPresent()) {
        return new Pinned(kept.get().pin(uri), null);
      }
      BlobInfo info = stores.stat(uri);
      StoredPin first =
          readPins.keep(scope.tableUuid(), scope.snapshotId(), cell, StoredPin.of(info, null));
      return new Pinned(first.pin(uri), null);
    } catch (SheafException e) {
      return new Pinned(null, e);
    }
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
