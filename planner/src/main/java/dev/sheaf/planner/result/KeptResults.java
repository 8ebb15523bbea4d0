package dev.sheaf.planner.result;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Query results computed once and kept on disk, so a query that does not split at its table scan
 * (joins, aggregates, ORDER BY, LIMIT, window functions, set operations) can still be read as N
 * partitions by N workers: each result is one Arrow IPC file ({@code <id>.arrow}, Arrow's file
 * format, version checked by Arrow's reader) in the spill directory, and a partition reads a row
 * range of it. Results live until {@code timeToLive} after they were written or last read; all
 * together hold at most {@code budgetBytes}, and the least recently read ones are evicted to make
 * room for a new one. Reading a result that expired or was evicted fails with RESULT_EXPIRED, never
 * with empty rows. The index lives in memory: a restart forgets every kept result (and deletes the
 * files left behind).
 */
public final class KeptResults implements AutoCloseable {
  private static final String SUFFIX = ".arrow";

  private final KeptResultSettings settings;
  private final BufferAllocator allocator;
  private final InstantSource clock;
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  /** One kept result: its file, where its batches start, and when it was last used. */
  private static final class Entry {
    final KeptResult result;
    final Path file;
    final long[] batchStarts;
    Instant lastUsed;

    Entry(KeptResult result, Path file, long[] batchStarts, Instant lastUsed) {
      this.result = result;
      this.file = file;
      this.batchStarts = batchStarts;
      this.lastUsed = lastUsed;
    }
  }

  public KeptResults(KeptResultSettings settings, BufferAllocator allocator, InstantSource clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public KeptResultSettings settings() {
    return settings;
  }

  /**
   * Writes every batch of {@code rows} to a new kept result and closes {@code rows}. Fails with
   * RESULT_TOO_LARGE when the result alone is larger than the budget.
   */
  public KeptResult keep(ArrowReader rows, AtomicBoolean cancel) {
    String id = UUID.randomUUID().toString();
    Path file = settings.directory().resolve(id + SUFFIX);
    long reserved = 0;
    boolean kept = false;
    try (rows) {
      Files.createDirectories(settings.directory());
      List<Long> starts = new ArrayList<>();
      long count = 0;
      try (FileChannel channel =
              FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          VectorSchemaRoot root = copyRoot(rows);
          ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
        writer.start();
        VectorSchemaRoot source = rows.getVectorSchemaRoot();
        while (rows.loadNextBatch()) {
          if (cancel.get()) {
            throw new SheafException(
                ErrorCode.CANCELLED, "Cannot keep the result: the query was cancelled");
          }
          if (source.getRowCount() == 0) {
            continue;
          }
          for (int i = 0; i < source.getFieldVectors().size(); i++) {
            source.getVector(i).makeTransferPair(root.getVector(i)).transfer();
          }
          root.setRowCount(source.getRowCount());
          writer.writeBatch();
          starts.add(count);
          count += root.getRowCount();
          root.clear();
          long written = channel.position();
          reserve(written - reserved);
          reserved = written;
        }
        writer.end();
        reserve(channel.position() - reserved);
        reserved = channel.position();
      }
      starts.add(count);
      long[] batchStarts = starts.stream().mapToLong(Long::longValue).toArray();
      KeptResult result = new KeptResult(id, count, reserved);
      synchronized (this) {
        entries.put(id, new Entry(result, file, batchStarts, clock.instant()));
      }
      kept = true;
      return result;
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          "Cannot keep the result in " + settings.directory() + ": " + e.getMessage(),
          e);
    } finally {
      if (!kept) {
        release(reserved);
        deleteQuietly(file);
      }
    }
  }

  /** An empty root with the reader's schema, into which its batches move to be written. */
  private VectorSchemaRoot copyRoot(ArrowReader rows) throws IOException {
    return VectorSchemaRoot.create(rows.getVectorSchemaRoot().getSchema(), allocator);
  }

  /**
   * Rows {@code first} up to {@code end} of a kept result, in its order. Fails with RESULT_EXPIRED
   * when it expired or was evicted.
   */
  public ArrowReader read(String id, long first, long end) {
    Entry entry;
    synchronized (this) {
      expire();
      entry = entries.get(id);
      if (entry == null) {
        throw SheafException.of(
            ErrorCode.RESULT_EXPIRED,
            "Cannot read kept result %s: it expired or was evicted (kept-result-ttl %ss,"
                + " kept-result-bytes %d; plan the query again for new tickets)",
            id,
            settings.timeToLive().toSeconds(),
            settings.budgetBytes());
      }
      entry.lastUsed = clock.instant();
    }
    if (first < 0 || end > entry.result.rows() || first > end) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read rows %d to %d of kept result %s: it has %d rows",
          first,
          end,
          id,
          entry.result.rows());
    }
    try {
      // an open file stays readable on POSIX file systems even if it is evicted meanwhile
      FileChannel channel = FileChannel.open(entry.file, StandardOpenOption.READ);
      return new KeptResultReader(allocator, channel, entry.batchStarts, first, end);
    } catch (java.nio.file.NoSuchFileException e) {
      throw SheafException.of(
          ErrorCode.RESULT_EXPIRED,
          "Cannot read kept result %s: its file is gone (plan the query again for new tickets)",
          id);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kept result {@code id}, or null when it expired or was evicted. */
  public synchronized KeptResult find(String id) {
    expire();
    Entry entry = entries.get(id);
    return entry == null ? null : entry.result;
  }

  /** Bytes held by kept results now. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Makes room for {@code more} bytes, evicting the least recently read results. */
  private synchronized void reserve(long more) {
    expire();
    Iterator<Entry> oldest = entries.values().iterator();
    while (bytes + more > settings.budgetBytes() && oldest.hasNext()) {
      Entry entry = oldest.next();
      oldest.remove();
      drop(entry);
    }
    if (bytes + more > settings.budgetBytes()) {
      throw SheafException.of(
          ErrorCode.RESULT_TOO_LARGE,
          "Cannot keep the result for partitioned reading: it is larger than kept-result-bytes"
              + " (%d bytes) (select fewer rows or columns, read it with one partition, or raise"
              + " kept-result-bytes)",
          settings.budgetBytes());
    }
    bytes += more;
  }

  private synchronized void release(long reserved) {
    bytes -= reserved;
  }

  private void expire() {
    Instant now = clock.instant();
    Iterator<Entry> all = entries.values().iterator();
    while (all.hasNext()) {
      Entry entry = all.next();
      if (!entry.lastUsed.plus(settings.timeToLive()).isAfter(now)) {
        all.remove();
        drop(entry);
      }
    }
  }

  private void drop(Entry entry) {
    bytes -= entry.result.bytes();
    deleteQuietly(entry.file);
  }

  /** Deletes the files a previous run left in the spill directory. */
  public void clearDirectory() {
    if (!Files.isDirectory(settings.directory())) {
      return;
    }
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(settings.directory(), "*" + SUFFIX)) {
      for (Path file : files) {
        deleteQuietly(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a file that cannot be deleted now is deleted at the next start
    }
  }

  @Override
  public synchronized void close() {
    entries.values().forEach(this::drop);
    entries.clear();
  }
}
