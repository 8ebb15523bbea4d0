package dev.sheaf.planner.vector;

import dev.sheaf.catalog.arrow.ParquetBatchReader;
import dev.sheaf.catalog.arrow.RowFilter;
import dev.sheaf.catalog.arrow.ScanMetrics;
import dev.sheaf.catalog.iceberg.LocalDataFile;
import dev.sheaf.catalog.iceberg.WarehouseFiles;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Decodes a scan's data files ahead of its reader on a few threads: while the caller works on file
 * k, files k+1 .. k+n-1 decode. Batches come back in file order and, within a file, in row order,
 * so a scan returns the same rows in the same order at any parallelism (partition tickets rely on
 * it). Each batch is the caller's to close: its vectors were moved out of the JNI reader. At most
 * {@code n} files and {@link #QUEUED_BATCHES} batches per file are held at once. Dictionary-encoded
 * string columns ({@code StringDictionaries} in the catalog) are decoded here unless the scan keeps
 * them encoded until it has selected its rows.
 */
final class ParallelFileDecoder implements AutoCloseable {
  /** Decoded batches a file may hold before its decoder waits for the reader. */
  static final int QUEUED_BATCHES = 2;

  private static final Object END = new Object();

  private final BufferAllocator allocator;
  private final WarehouseFiles source;
  private final List<ScanFile> files;
  private final List<NestedField> fields;
  private final boolean[] keepEncoded;
  private final RowFilter filter;
  private final ScanMetrics metrics;
  private final int batchRows;
  private final int parallelism;
  private final ExecutorService threads;
  private final List<FileDecoding> decodings = new ArrayList<>();
  private int current = -1;
  private volatile boolean closed;

  ParallelFileDecoder(
      BufferAllocator allocator,
      WarehouseFiles source,
      List<ScanFile> files,
      List<NestedField> fields,
      boolean[] keepEncoded,
      RowFilter filter,
      ScanMetrics metrics,
      int batchRows,
      int parallelism) {
    this.allocator = allocator;
    this.source = source;
    this.files = List.copyOf(files);
    this.fields = List.copyOf(fields);
    this.keepEncoded = keepEncoded.clone();
    this.filter = filter;
    this.metrics = metrics;
    this.batchRows = batchRows;
    this.parallelism = Math.max(1, Math.min(parallelism, Math.max(1, files.size())));
    this.threads =
        Executors.newFixedThreadPool(
            this.parallelism, Thread.ofPlatform().daemon().name("sheaf-decode-", 0).factory());
  }

  /** Moves to the next file, abandoning what is left of the current one; false after the last. */
  boolean nextFile() {
    if (current >= 0 && current < decodings.size()) {
      decodings.get(current).abandon();
    }
    current++;
    while (decodings.size() < Math.min(files.size(), current + parallelism)) {
      FileDecoding decoding = new FileDecoding(files.get(decodings.size()));
      decoding.future = threads.submit(decoding);
      decodings.add(decoding);
    }
    // the files after the decoding ones: fetched to local disk ahead (a no-op on local disk)
    for (int next = decodings.size();
        next < Math.min(files.size(), current + 2 * parallelism);
        next++) {
      source.prefetch(files.get(next).location(), files.get(next).size());
    }
    return current < files.size();
  }

  /** The current file's next batch, owned by the caller; null at the end of the file. */
  DecodedBatch nextBatch() {
    Object item;
    try {
      item = decodings.get(current).queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SheafException(ErrorCode.CANCELLED, "Cannot finish the scan: it was interrupted");
    }
    if (item == END) {
      return null;
    }
    if (item instanceof RuntimeException failure) {
      throw failure;
    }
    return (DecodedBatch) item;
  }

  @Override
  public void close() {
    closed = true;
    for (FileDecoding decoding : decodings) {
      decoding.abandon();
    }
    threads.shutdownNow();
  }

  /** A data file of the scan: its warehouse location and size in bytes. */
  record ScanFile(String location, long size) {}

  /** One file's decoded batches, produced on a decoder thread. */
  private final class FileDecoding implements Runnable {
    private final ScanFile file;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES + 1);
    private volatile boolean abandoned;
    private Future<?> future;

    FileDecoding(ScanFile file) {
      this.file = file;
    }

    @Override
    public void run() {
      if (stopped()) {
        return;
      }
      try (LocalDataFile local = source.open(file.location(), file.size());
          ParquetBatchReader reader =
              new ParquetBatchReader(allocator, local.file(), fields, batchRows, filter, metrics)) {
        while (!stopped() && reader.next()) {
          DecodedBatch batch = take(reader);
          if (!put(batch)) {
            batch.close();
            return;
          }
        }
        put(END);
      } catch (RuntimeException e) {
        put(e);
      }
    }

    private boolean stopped() {
      return closed || abandoned;
    }

    private boolean put(Object item) {
      try {
        while (!stopped()) {
          if (queue.offer(item, 20, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    /** Stops the decoder, waits for it, and releases every batch it left behind. */
    void abandon() {
      abandoned = true;
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // the failure was queued for the reader, or nobody reads this file any more
      }
      for (Object item = queue.poll(); item != null; item = queue.poll()) {
        if (item instanceof DecodedBatch batch) {
          batch.close();
        }
      }
    }
  }

  /**
   * Moves the reader's current batch into vectors this scan owns. A string column the file stores
   * as a dictionary stays encoded when the scan asked for that ({@link EncodedStrings}), and is
   * decoded to plain strings here, on the decoder's thread, otherwise.
   */
  private DecodedBatch take(ParquetBatchReader reader) {
    Map<FieldVector, FieldVector> moved = new IdentityHashMap<>();
    List<FieldVector> vectors = new ArrayList<>(fields.size());
    List<EncodedStrings> encoded = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      FieldVector source = reader.vector(i);
      FieldVector dictionary = reader.dictionary(i);
      encoded.add(null);
      if (source == null) {
        vectors.add(null);
        continue;
      }
      if (dictionary instanceof VarCharVector strings && source instanceof IntVector indices) {
        EncodedStrings column = EncodedStrings.take(indices, strings, allocator);
        if (keepEncoded[i]) {
          encoded.set(i, column);
          vectors.add(null);
        } else {
          try (column) {
            vectors.add(column.decode(allocator));
          }
        }
        continue;
      }
      var type = fields.get(i).type();
      vectors.add(
          moved.computeIfAbsent(
              source,
              vector -> {
                TransferPair pair = vector.getTransferPair(allocator);
                pair.transfer();
                return WidenedVectors.widen((FieldVector) pair.getTo(), type, allocator);
              }));
    }
    return new DecodedBatch(vectors, encoded, reader.rowCount());
  }

  /** One batch of decoded columns, in the order the scan asked for them (null: not in the file). */
  record DecodedBatch(List<FieldVector> vectors, List<EncodedStrings> encoded, int rows)
      implements AutoCloseable {
    @Override
    public void close() {
      for (EncodedStrings column : encoded) {
        if (column != null) {
          column.close();
        }
      }
      Map<FieldVector, Boolean> closed = new IdentityHashMap<>();
      for (FieldVector vector : vectors) {
        if (vector != null && closed.put(vector, Boolean.TRUE) == null) {
          vector.close();
        }
      }
    }
  }
}
