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
import org.apache.arrow.vector.VarBinaryVector;
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
    try (IdBatches batches = counting(engine.allocator(), -1)) {
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
  void wideRowsAreCutIntoFilesByBytes() throws IOException {
    // 600 rows of 256 KiB (150 MiB): few rows, but several files' worth of bytes, so that a
    // partition of a scan does not decode a whole table of images to reach its rows
    engine.execute("CREATE TABLE blobs (id BIGINT NOT NULL, data VARBINARY)").close();
    try (Blobs batches = new Blobs(engine.allocator(), 600, 20, 256 << 10)) {
      assertThat(engine.ingest(null, "blobs", batches, mode())).isEqualTo(600);
    }
    assertThat(dataFiles()).hasSizeGreaterThanOrEqualTo(4);
    List<List<Object>> rows =
        QueryRows.of(engine.execute("SELECT id, octet_length(data) FROM blobs")).rows();
    assertThat(rows).hasSize(600);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(((Number) rows.get(i).get(0)).longValue()).isEqualTo(i);
      assertThat(((Number) rows.get(i).get(1)).intValue()).isEqualTo(256 << 10);
    }
  }

  @Test
  void aBadBatchLateInTheStreamWritesNothing() throws IOException {
    engine.execute("CREATE TABLE big (id BIGINT NOT NULL)").close();
    try (IdBatches batches = counting(engine.allocator(), 17)) {
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

  /** {@code rows} rows of consecutive ids and {@code size} bytes each, {@code batch} per batch. */
  private static final class Blobs extends ArrowReader {
    private final int rows;
    private final int batchRows;
    private final byte[] value;
    private int written;

    Blobs(BufferAllocator allocator, int rows, int batchRows, int size) {
      super(allocator);
      this.rows = rows;
      this.batchRows = batchRows;
      this.value = new byte[size];
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (written == rows) {
        return false;
      }
      VectorSchemaRoot root = getVectorSchemaRoot();
      BigIntVector ids = (BigIntVector) root.getVector(0);
      VarBinaryVector data = (VarBinaryVector) root.getVector(1);
      ids.allocateNew(batchRows);
      data.allocateNew((long) batchRows * value.length, batchRows);
      for (int i = 0; i < batchRows; i++) {
        ids.set(i, written + i);
        data.set(i, value);
      }
      ids.setValueCount(batchRows);
      data.setValueCount(batchRows);
      root.setRowCount(batchRows);
      written += batchRows;
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
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("data", FieldType.nullable(ArrowType.Binary.INSTANCE), null)));
    }
  }

  /** Batches of consecutive ids; batch {@code nullBatch} holds a null. */
  private static IdBatches counting(
      org.apache.arrow.memory.BufferAllocator allocator, int nullBatch) {
    return new IdBatches(allocator, BATCHES, BATCH, (batch, row) -> batch * BATCH + row, nullBatch);
  }
}
