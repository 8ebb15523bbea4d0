package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.provenance.ProvenanceEntry;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of object checkpoints: writes from many copying threads are queued, and one writer
 * thread stores what has gathered (at most {@value #MAX_BATCH}) in one transaction, then completes
 * their futures. A copy waits for its PENDING checkpoint only; the rest are written behind it. On a
 * SQLite catalog this turns thousands of commits (each a file sync) into tens.
 */
final class CheckpointLog implements AutoCloseable {
  static final int MAX_BATCH = 1000;

  /** One checkpoint to write. */
  record Entry(
      String runId,
      ObjectCheckpoint checkpoint,
      ProvenanceEntry provenance,
      CompletableFuture<Void> done) {}

  /** Stores one batch in one transaction. */
  @FunctionalInterface
  interface BatchWriter {
    void write(List<Entry> batch) throws SQLException;
  }

  private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final BatchWriter writer;
  private final Thread thread;
  private volatile boolean closed;

  CheckpointLog(BatchWriter writer) {
    this.writer = writer;
    this.thread = Thread.ofPlatform().daemon().name("sheaf-ingest-checkpoints").start(this::drain);
  }

  /** Queues a checkpoint; the future completes once it is durable. */
  CompletableFuture<Void> write(String runId, ObjectCheckpoint checkpoint) {
    return write(runId, checkpoint, null);
  }

  /**
   * Queues a checkpoint and the provenance entry that goes with it (null for none): the entries of
   * a batch are stored before its checkpoints, so a checkpoint never names a copy without its
   * entry.
   */
  CompletableFuture<Void> write(
      String runId, ObjectCheckpoint checkpoint, ProvenanceEntry provenance) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the checkpoint log is closed"));
      return done;
    }
    queue.add(new Entry(runId, checkpoint, provenance, done));
    return done;
  }

  /** Waits until everything queued so far is written (or failed). */
  void flush() {
    write(null, null).exceptionally(failure -> null).join();
  }

  private void drain() {
    List<Entry> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        store(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void store(List<Entry> batch) {
    List<Entry> rows = batch.stream().filter(entry -> entry.checkpoint() != null).toList();
    try {
      if (!rows.isEmpty()) {
        writer.write(rows);
      }
      batch.forEach(entry -> entry.done().complete(null));
    } catch (SQLException e) {
      SheafException failure =
          new SheafException(
              ErrorCode.CATALOG_ERROR, "Cannot write migration checkpoints: " + e.getMessage(), e);
      batch.forEach(entry -> entry.done().completeExceptionally(failure));
    } catch (RuntimeException e) {
      batch.forEach(entry -> entry.done().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
