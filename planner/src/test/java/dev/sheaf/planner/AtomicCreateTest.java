package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.planner.exec.TableIngest;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement that creates a table with its rows (a create-mode ingest, CREATE TABLE AS) makes the
 * table and its one version in one commit: nobody sees it empty while the rows are written, and a
 * failure leaves no table.
 */
class AtomicCreateTest {
  private static final int BATCHES = 6;
  private static final int ROWS = 1000;

  @TempDir Path directory;
  private SheafEngine engine;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    engine = SheafEngine.open(directory);
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    engine.close();
  }

  @Test
  void aCreateIngestShowsItsTableOnlyWithAllItsRows() throws Exception {
    try (Pausing batches = new Pausing(engine.allocator(), -1)) {
      Future<Long> ingest =
          pool.submit(() -> engine.ingest(null, "made", batches, TableIngest.Mode.CREATE));
      assertThat(batches.paused.await(1, TimeUnit.MINUTES)).isTrue();
      assertMissing("made");
      batches.resume.countDown();
      assertThat(ingest.get(1, TimeUnit.MINUTES)).isEqualTo((long) BATCHES * ROWS);
    }
    assertThat(QueryRows.of(engine.execute("SELECT count(*), sum(id) FROM made")).rows())
        .containsExactly(List.of((long) BATCHES * ROWS, sum(BATCHES * ROWS)));
    assertThat(QueryRows.of(engine.execute("SELECT version FROM \"made$history\"")).rows())
        .containsExactly(List.of(1L));
  }

  @Test
  void aCreateIngestThatFailsMidStreamLeavesNoTable() throws Exception {
    try (Pausing batches = new Pausing(engine.allocator(), BATCHES - 1)) {
      Future<Long> ingest =
          pool.submit(() -> engine.ingest(null, "broken", batches, TableIngest.Mode.CREATE));
      assertThat(batches.paused.await(1, TimeUnit.MINUTES)).isTrue();
      assertMissing("broken");
      batches.resume.countDown();
      assertThatThrownBy(() -> ingest.get(1, TimeUnit.MINUTES))
          .hasCauseInstanceOf(SheafException.class);
    }
    assertMissing("broken");
    assertThat(parquetFiles()).isEmpty();
  }

  @Test
  void aCreateTableAsThatFailsLeavesNoTableAndOneThatWorksOneVersion() throws Exception {
    assertThatThrownBy(
            () ->
                engine
                    .execute(
                        "CREATE TABLE twice (id INTEGER PRIMARY KEY) AS SELECT * FROM (VALUES 1, 2, 1)")
                    .close())
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_KEY));
    assertMissing("twice");
    assertThat(parquetFiles()).isEmpty();

    engine
        .execute("CREATE TABLE once (id INTEGER PRIMARY KEY) AS SELECT * FROM (VALUES 1, 2, 3)")
        .close();
    assertThat(
            QueryRows.of(engine.execute("SELECT version, operation FROM \"once$history\"")).rows())
        .containsExactly(List.of(1L, "append"));
    assertThat(QueryRows.of(engine.execute("SELECT count(*) FROM once")).rows())
        .containsExactly(List.of(3L));
    assertThatThrownBy(() -> engine.execute("INSERT INTO once VALUES (2)").close())
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_KEY));
  }

  private void assertMissing(String table) {
    assertThatThrownBy(() -> engine.execute("SELECT count(*) FROM " + table).close())
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND));
  }

  private List<Path> parquetFiles() throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }

  private static long sum(long n) {
    return n * (n - 1) / 2;
  }

  /**
   * Batches of consecutive ids that pause after the second batch until the test resumes them; batch
   * {@code failAt} (or none, with -1) fails to load.
   */
  private static final class Pausing extends ArrowReader {
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);
    private final int failAt;
    private int batch;

    Pausing(BufferAllocator allocator, int failAt) {
      super(allocator);
      this.failAt = failAt;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (batch == 2) {
        paused.countDown();
        try {
          resume.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      if (batch == failAt) {
        throw new IOException("the client's stream broke off");
      }
      if (batch == BATCHES) {
        return false;
      }
      VectorSchemaRoot root = getVectorSchemaRoot();
      BigIntVector ids = (BigIntVector) root.getVector(0);
      ids.allocateNew(ROWS);
      for (int i = 0; i < ROWS; i++) {
        ids.set(i, (long) batch * ROWS + i);
      }
      ids.setValueCount(ROWS);
      root.setRowCount(ROWS);
      batch++;
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return new Schema(
          List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    }
  }
}
