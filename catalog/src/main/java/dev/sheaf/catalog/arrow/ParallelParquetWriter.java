package dev.sheaf.catalog.arrow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * Writes a stream of batches into Parquet files with Arrow's C++ writer on several threads. The
 * stream is cut into chunks of about {@code rowsPerFile} rows or {@link #BYTES_PER_FILE} bytes of
 * Arrow data, whichever comes first (so a table of images gets files of a few thousand rows, and a
 * partition of a scan, which reads its files from their start, decodes little outside its rows);
 * each chunk becomes one file, written while the next chunks are read, and the files' paths sort in
 * stream order ({@code chunk-00000/part-0.parquet}, {@code chunk-00001/part-0.parquet}, ...;
 * Arrow's writer wants an empty directory per call), so a scan in path order reads the rows in the
 * order they came. At most a few batches per chunk wait in memory.
 */
final class ParallelParquetWriter {
  private static final int QUEUED_BATCHES = 4;

  /** Rows a written row group gathers from the stream's batches (at least one batch's worth). */
  static final int ROW_GROUP_ROWS = 1 << 17;

  /**
   * Arrow bytes after which a chunk (a file) ends, whatever its row count (at batch boundaries).
   */
  static final long BYTES_PER_FILE = 32L << 20;

  private static final Object END = new Object();

  private final BufferAllocator allocator;
  private final Schema schema;
  private final Path directory;
  private final int threads;
  private final long rowsPerFile;

  ParallelParquetWriter(
      BufferAllocator allocator, Schema schema, Path directory, int threads, long rowsPerFile) {
    this.allocator = allocator;
    this.schema = schema;
    this.directory = directory;
    this.threads = Math.max(1, threads);
    this.rowsPerFile = rowsPerFile;
  }

  /** Writes every batch of {@code batches}; a failure of the stream or of a writer is rethrown. */
  void write(ArrowReader batches) throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().daemon().name("sheaf-parquet-", 0).factory());
    List<Chunk> chunks = new ArrayList<>();
    try {
      Chunk chunk = null;
      long rows = 0;
      long bytes = 0;
      while (batches.loadNextBatch()) {
        VectorSchemaRoot root = batches.getVectorSchemaRoot();
        if (root.getRowCount() == 0) {
          continue;
        }
        if (chunk == null) {
          chunk = new Chunk(chunks.size(), allocator);
          chunk.future = pool.submit(chunk);
          chunks.add(chunk);
          rows = 0;
          bytes = 0;
        }
        ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch();
        rows += root.getRowCount();
        bytes += batch.computeBodyLength();
        chunk.put(batch);
        if (rows >= rowsPerFile || bytes >= BYTES_PER_FILE) {
          chunk.put(END);
          chunk = null;
        }
      }
      if (chunk != null) {
        chunk.put(END);
      }
      for (Chunk written : chunks) {
        written.await();
      }
    } finally {
      for (Chunk written : chunks) {
        written.abandon();
      }
      pool.shutdownNow();
    }
  }

  /** One output file: the batches queued for it and the writer that drains them. */
  private final class Chunk extends ArrowReader implements Runnable {
    private final int index;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private volatile boolean abandoned;
    private volatile RuntimeException failure;
    private boolean ended;
    private VectorSchemaRoot pending;
    private Future<?> future;

    /** The first queued item, taken early to choose the file's dictionary columns. */
    private Object first;

    /** The file's {@code ARROW:schema} footer entry, or null ({@link StringDictionaries}). */
    private String storedSchema;

    Chunk(int index, BufferAllocator allocator) {
      super(allocator);
      this.index = index;
    }

    @Override
    public void run() {
      Path chunkDirectory = directory.resolve(String.format(Locale.ROOT, "chunk-%05d", index));
      try {
        DatasetFileWriter.write(
            allocator,
            this,
            FileFormat.PARQUET,
            chunkDirectory.toUri().toASCIIString(),
            new String[0],
            1,
            "part-{i}.parquet");
        if (storedSchema != null && !abandoned) {
          try (var written = java.nio.file.Files.list(chunkDirectory)) {
            for (Path file : written.filter(f -> f.toString().endsWith(".parquet")).toList()) {
              FooterMetadata.add(file, StringDictionaries.ARROW_SCHEMA, storedSchema);
            }
          }
        }
      } catch (IOException e) {
        failure = new java.io.UncheckedIOException(e);
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        try {
          close();
        } catch (IOException e) {
          failure = new java.io.UncheckedIOException(e);
        }
      }
    }

    /** Hands a batch (or {@link #END}) to the writer; fails when the writer has failed. */
    void put(Object item) {
      try {
        while (!queue.offer(item, 20, TimeUnit.MILLISECONDS)) {
          if (future.isDone()) {
            if (item instanceof ArrowRecordBatch batch) {
              batch.close();
            }
            await();
            throw new IllegalStateException("the Parquet writer stopped early");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing Parquet", e);
      }
    }

    /** Waits for the file to be written and rethrows the writer's failure. */
    void await() {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing Parquet", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
      if (failure != null) {
        throw failure;
      }
    }

    /** Stops the writer if it still runs and releases the batches nobody will write. */
    void abandon() {
      abandoned = true;
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // reported by await
      }
      for (Object item = queue.poll(); item != null; item = queue.poll()) {
        if (item instanceof ArrowRecordBatch batch) {
          batch.close();
        }
      }
    }

    /**
     * Loads the next row group: queued batches appended until {@link #ROW_GROUP_ROWS} rows, since
     * Arrow's writer makes a row group of each batch and small row groups make every later scan pay
     * a per-group cost.
     */
    @Override
    public boolean loadNextBatch() throws IOException {
      VectorSchemaRoot root = getVectorSchemaRoot();
      Object item = ended ? END : first != null ? first : take();
      first = null;
      if (item == END) {
        ended = true;
        return false;
      }
      load(root, (ArrowRecordBatch) item);
      while (root.getRowCount() < ROW_GROUP_ROWS) {
        Object next = take();
        if (next == END) {
          ended = true;
          break;
        }
        if (pending == null) {
          pending = VectorSchemaRoot.create(schema, allocator);
        }
        load(pending, (ArrowRecordBatch) next);
        VectorSchemaRootAppender.append(false, root, pending);
      }
      return true;
    }

    private static void load(VectorSchemaRoot root, ArrowRecordBatch item) {
      try (ArrowRecordBatch batch = item) {
        new VectorLoader(root).load(batch);
      }
    }

    /**
     * The next queued item; {@link #END} once the chunk is abandoned, so that Arrow's writer ends
     * its file normally (the caller deletes it): failing the native writer's input stream instead
     * left an exported batch unreleased in some runs (a leak of Arrow buffers).
     */
    private Object take() {
      Object item;
      try {
        do {
          if (abandoned) {
            return END;
          }
          item = queue.poll(20, TimeUnit.MILLISECONDS);
        } while (item == null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing Parquet", e);
      }
      return item;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {
      if (pending != null) {
        pending.close();
        pending = null;
      }
    }

    /**
     * The file's schema: the stream's, with the low-cardinality string columns of its first batch
     * marked for reading as dictionaries ({@link StringDictionaries}).
     */
    @Override
    protected Schema readSchema() {
      first = take();
      if (!(first instanceof ArrowRecordBatch batch)) {
        return schema;
      }
      try (VectorSchemaRoot sample = VectorSchemaRoot.create(schema, allocator)) {
        new VectorLoader(sample).load(batch); // the sample holds its own references
        storedSchema = StringDictionaries.forFile(schema, sample);
      }
      return schema;
    }
  }
}
