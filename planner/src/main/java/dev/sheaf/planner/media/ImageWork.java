package dev.sheaf.planner.media;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Image function calls computed ahead of the row engine, on a bounded pool of CPU threads shared by
 * all statements ({@value #THREADS_PROPERTY}, default one per core): the scan ({@link CellPinning})
 * starts the calls of the next few rows ({@link ImageCallsAhead}), and the call, when Calcite's
 * generated code makes it, takes its result, or runs it itself when no worker has started it yet.
 * So decoding and resizing use every core while the row engine stays one thread. A result is the
 * value or the error the call would have given; the call then treats it as its own (a cell error
 * gives NULL, ...). One per statement, in its {@link MediaAccess}.
 */
public final class ImageWork {
  /** The JVM property that sets the pool's threads. */
  public static final String THREADS_PROPERTY = "sheaf.image-threads";

  private static final int THREADS =
      Math.max(1, Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors()));

  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          THREADS, Thread.ofPlatform().daemon().name("sheaf-image-", 0).factory());

  private final Map<Key, FutureTask<Outcome>> tasks = new ConcurrentHashMap<>();

  /** How many rows ahead a scan starts calls: enough to keep the pool busy, few held results. */
  static int rowsAhead() {
    return 2 * THREADS + 2;
  }

  /** A call's value or its error. */
  record Outcome(Object value, RuntimeException error) {
    Object get() {
      if (error != null) {
        throw error;
      }
      return value;
    }
  }

  /** A cell (by identity: the String object Calcite hands the call) and one of its calls. */
  private record Key(String cell, ImageCallsAhead.Call call) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && key.cell == cell && key.call.equals(call);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(cell) * 31 + call.hashCode();
    }
  }

  /** Registers a call of a cell, to be started by {@link #start} or run by its taker. */
  FutureTask<Outcome> register(String cell, ImageCallsAhead.Call call, MediaAccess media) {
    FutureTask<Outcome> task =
        new FutureTask<>(
            () -> {
              try {
                return new Outcome(ImageCalls.compute(media, cell, call), null);
              } catch (RuntimeException e) {
                return new Outcome(null, e);
              }
            });
    FutureTask<Outcome> earlier = tasks.putIfAbsent(new Key(cell, call), task);
    return earlier == null ? task : null;
  }

  /** Hands a registered call to the pool. */
  static void start(FutureTask<Outcome> task) {
    try {
      POOL.execute(task);
    } catch (RejectedExecutionException e) {
      // its taker runs it
    }
  }

  /** Forgets a cell's call (its row is done): a call not started is never run. */
  void forget(String cell, ImageCallsAhead.Call call) {
    FutureTask<Outcome> task = tasks.remove(new Key(cell, call));
    if (task != null) {
      task.cancel(false);
    }
  }

  /**
   * The outcome of a call registered for this cell, computed by a worker or here, or null when none
   * was registered.
   */
  Outcome take(String cell, ImageCallsAhead.Call call) {
    FutureTask<Outcome> task = tasks.remove(new Key(cell, call));
    if (task == null) {
      return null;
    }
    task.run(); // nothing when a worker has started or finished it
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SheafException(ErrorCode.CANCELLED, "Cannot finish the statement: interrupted", e);
    } catch (java.util.concurrent.CancellationException e) {
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
