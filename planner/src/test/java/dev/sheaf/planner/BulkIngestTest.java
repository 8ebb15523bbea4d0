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

/** Bulk ingest large enough to be written as several files by several threads. */
class BulkIngestTest {
  private static final int BATCH = 50_000;
  private static final int BATCHES = 24; // 1.2M rows: more than two files' worth

  @TempDir Path directory;
  private SheafEngine engine;

  @BeforeEach
  void open() {
    engine = SheafEngine.open(directory);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void largeIngestsKeepTheirRowOrderAcrossFiles() throws IOException {
    engine.execute("CREATE TABLE big (id BIGINT NOT NULL)").close();
    long rows;
    try (Counting batches = new Counting(engine.allocator(), -1)) {
      rows = engine.ingest(null, "big", batches, mode());
    }
    assertThat(rows).isEqualTo((long) BATCH * BATCHES);
    assertThat(dataFiles()).hasSizeGreaterThan(2);
    List<List<Object>> ids = QueryRows.of(engine.execute("SELECT id FROM big")).rows();
    assertThat(ids).hasSize(BATCH * BATCHES);
    for (int i = 0; i < ids.size(); i++) {
      if (((Number) ids.get(i).get(0)).longValue() != i) {
        throw new AssertionError("row " + i + " holds " + ids.get(i));
      }
    }
  }

  @Test
  void aBadBatchLateInTheStreamWritesNothing() throws IOException {
    engine.execute("CREATE TABLE big (id BIGINT NOT NULL)").close();
    try (Counting batches = new Counting(engine.allocator(), 17)) {
      assertThatThrownBy(() -> engine.ingest(null, "big", batches, mode()))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION));
    }
    assertThat(QueryRows.of(engine.execute("SELECT count(*) FROM big")).rows())
        .containsExactly(List.of(0L));
    assertThat(dataFiles()).isEmpty();
  }

  private static TableIngest.Mode mode() {
    return TableIngest.Mode.APPEND;
  }

  private List<Path> dataFiles() throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }

  /** Batches of consecutive ids; batch {@code nullBatch} holds a null. */
  private static final class Counting extends ArrowReader {
    private final int nullBatch;
    private int batch;

    Counting(BufferAllocator allocator, int nullBatch) {
      super(allocator);
      this.nullBatch = nullBatch;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (batch == BATCHES) {
        return false;
      }
      VectorSchemaRoot root = getVectorSchemaRoot();
      BigIntVector ids = (BigIntVector) root.getVector(0);
      ids.allocateNew(BATCH);
      for (int i = 0; i < BATCH; i++) {
        ids.set(i, (long) batch * BATCH + i);
      }
      if (batch == nullBatch) {
        ids.setNull(BATCH / 2);
      }
      ids.setValueCount(BATCH);
      root.setRowCount(BATCH);
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
