package dev.sheaf.planner.media;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

/**
 * A table scan's rows with their media cells' pins handed to the statement's {@link MediaAccess}:
 * the scan reads the projected columns followed by the pin columns of the projected media columns;
 * this registers each pin for its cell and passes on the projected columns only.
 *
 * <p>When the statement's media functions read the objects of projected columns ({@link
 * MediaColumnReads}), the scan runs ahead of the row engine: it takes rows from the batches below
 * up to a window ahead of the row handed out, and starts their cells' reads concurrently ({@link
 * MediaPrefetch}), so the per-row calls find their bytes in the media cache. The window starts at
 * {@value #FIRST_WINDOW} rows and grows by two rows for each row handed out, up to {@link
 * #rowsAhead()} (a LIMIT that stops early fetches little it does not use). A row's bytes stay held
 * until the next row is asked for.
 */
public final class CellPinning extends AbstractEnumerable<Object[]> {
  /** The JVM property that sets the most rows fetched ahead; 0 turns the prefetch off. */
  public static final String ROWS_AHEAD_PROPERTY = "sheaf.media-prefetch-rows";

  private static final int DEFAULT_ROWS_AHEAD = 256;
  private static final int FIRST_WINDOW = 4;
  private static final long MAX_HELD_BYTES = 256L << 20;

  private final Enumerable<Object[]> rows;
  private final int[] projected;
  private final int[] pinColumns;
  private final List<Set<MediaRead>> reads;
  private final List<List<ImageCallsAhead.Call>> imageCalls;
  private final MediaAccess media;
  private final MediaAccess.ReadScope scope;

  /**
   * @param pinColumns for each table column, the position of its pin column in the table's readable
   *     columns, or -1
   * @param reads for each projected column, what the statement's media functions read of it
   * @param imageCalls for each projected column, the image function calls to compute ahead ({@link
   *     ImageWork})
   * @param scope the table version the rows come from: a cell stored without a pin is pinned at its
   *     first read in that version, and keeps that pin
   */
  public CellPinning(
      Enumerable<Object[]> rows,
      int[] projected,
      int[] pinColumns,
      List<Set<MediaRead>> reads,
      List<List<ImageCallsAhead.Call>> imageCalls,
      MediaAccess media,
      MediaAccess.ReadScope scope) {
    this.rows = rows;
    this.projected = projected.clone();
    this.pinColumns = pinColumns.clone();
    this.reads = List.copyOf(reads);
    this.imageCalls = List.copyOf(imageCalls);
    this.media = media;
    this.scope = scope;
  }

  /** The most rows a scan fetches ahead ({@value #ROWS_AHEAD_PROPERTY}, default 256). */
  public static int rowsAhead() {
    return Math.max(0, Integer.getInteger(ROWS_AHEAD_PROPERTY, DEFAULT_ROWS_AHEAD));
  }

  @Override
  public Enumerator<Object[]> enumerator() {
    boolean fetches = false;
    for (int i = 0; i < projected.length; i++) {
      fetches |= isMedia(projected[i]) && reads.get(i).stream().anyMatch(r -> r != MediaRead.PIN);
    }
    int ahead = rowsAhead();
    if (!fetches || ahead == 0) {
      return new Pinning(rows.enumerator(), null, 1);
    }
    long maxBytes = Math.min(MAX_HELD_BYTES, media.stores().config().cacheBytes() / 4);
    return new Pinning(rows.enumerator(), new MediaPrefetch(media, maxBytes), ahead);
  }

  private boolean isMedia(int column) {
    return column < pinColumns.length && pinColumns[column] >= 0;
  }

  /** A cell's image call registered to be computed ahead. */
  private record AheadCall(
      String cell,
      ImageCallsAhead.Call call,
      java.util.concurrent.FutureTask<ImageWork.Outcome> task) {}

  /** A row of the projected columns, what its cells' fetches hold and its image calls. */
  private final class Pending {
    private final Object[] row;
    private final List<MediaPrefetch.Held> held;
    private final List<AheadCall> calls;
    private boolean started;

    Pending(Object[] row, List<MediaPrefetch.Held> held, List<AheadCall> calls) {
      this.row = row;
      this.held = held;
      this.calls = calls;
    }

    Object[] row() {
      return row;
    }

    /** Hands the row's image calls to the pool, once. */
    void start() {
      if (!started) {
        started = true;
        calls.forEach(c -> ImageWork.start(c.task()));
      }
    }

    void release() {
      held.forEach(MediaPrefetch.Held::release);
      calls.forEach(c -> media.imageWork().forget(c.cell(), c.call()));
    }
  }

  private final class Pinning implements Enumerator<Object[]> {
    private final Enumerator<Object[]> source;
    private final MediaPrefetch prefetch;
    private final int maxWindow;
    private final ArrayDeque<Pending> ahead = new ArrayDeque<>();
    private int window = FIRST_WINDOW;
    private boolean exhausted;
    private Pending current;

    Pinning(Enumerator<Object[]> source, MediaPrefetch prefetch, int maxWindow) {
      this.source = source;
      this.prefetch = prefetch;
      this.maxWindow = maxWindow;
    }

    @Override
    public Object[] current() {
      return current.row();
    }

    @Override
    public boolean moveNext() {
      if (current != null) {
        current.release();
        current = null;
      }
      if (prefetch == null) {
        if (!source.moveNext()) {
          return false;
        }
        current = take(source.current());
        return true;
      }
      while (!exhausted && ahead.size() < window) {
        if (source.moveNext()) {
          ahead.add(take(source.current()));
        } else {
          exhausted = true;
        }
      }
      int computeAhead = ImageWork.rowsAhead();
      for (Pending pending : ahead) {
        if (computeAhead-- == 0) {
          break;
        }
        pending.start();
      }
      current = ahead.poll();
      if (current == null) {
        return false;
      }
      window = Math.min(maxWindow, window + 2);
      return true;
    }

    /** Registers the pins of a scanned row and starts its cells' fetches. */
    private Pending take(Object[] row) {
      List<MediaPrefetch.Held> held = prefetch == null ? List.of() : new ArrayList<>(1);
      List<AheadCall> calls = List.of();
      int pin = projected.length;
      for (int i = 0; i < projected.length; i++) {
        if (isMedia(projected[i])) {
          if (row[i] instanceof String cell) {
            if (row[pin] instanceof String stored) {
              media.register(cell, stored);
            } else {
              media.registerUnpinned(cell, scope);
            }
            if (prefetch != null) {
              held.add(prefetch.start(cell, reads.get(i)));
              for (ImageCallsAhead.Call call : imageCalls.get(i)) {
                var task = media.imageWork().register(cell, call, media);
                if (task != null) {
                  if (calls.isEmpty()) {
                    calls = new ArrayList<>(1);
                  }
                  calls.add(new AheadCall(cell, call, task));
                }
              }
            }
          }
          pin++;
        }
      }
      return new Pending(Arrays.copyOf(row, projected.length), held, calls);
    }

    @Override
    public void reset() {
      ahead.forEach(Pending::release);
      ahead.clear();
      exhausted = false;
      source.reset();
    }

    @Override
    public void close() {
      if (current != null) {
        current.release();
        current = null;
      }
      ahead.forEach(Pending::release);
      ahead.clear();
      if (prefetch != null) {
        prefetch.close();
      }
      source.close();
    }
  }
}
