package dev.sheaf.catalog.arrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the bulk-ingest writer mark their low-cardinality string columns in the footer,
 * and Arrow's reader then hands those columns back as dictionaries; other string columns, and the
 * values themselves, are unchanged.
 */
class StringDictionariesTest {
  private static final int ROWS = 3_000;
  private static final String[] LABELS = {"cat", "dog", "bird"};

  @TempDir Path directory;

  @Test
  void lowCardinalityStringsReadAsDictionaries() throws IOException {
    Schema schema =
        new Schema(
            List.of(
                field("id", new ArrowType.Int(32, true), 1),
                field("label", ArrowType.Utf8.INSTANCE, 2),
                field("name", ArrowType.Utf8.INSTANCE, 3)));
    try (BufferAllocator allocator = new RootAllocator()) {
      try (Rows rows = new Rows(allocator, schema)) {
        new ParallelParquetWriter(allocator, schema, directory, 1, Long.MAX_VALUE).write(rows);
      }
      List<Path> files;
      try (var listed = Files.walk(directory)) {
        files = listed.filter(p -> p.toString().endsWith(".parquet")).toList();
      }
      assertThat(files).hasSize(1);
      File file = files.get(0).toFile();
      List<Types.NestedField> fields =
          List.of(
              Types.NestedField.optional(1, "id", Types.IntegerType.get()),
              Types.NestedField.optional(2, "label", Types.StringType.get()),
              Types.NestedField.optional(3, "name", Types.StringType.get()));
      int row = 0;
      try (ParquetBatchReader reader = new ParquetBatchReader(allocator, file, fields, 1024)) {
        while (reader.next()) {
          assertThat(reader.dictionary(0)).isNull();
          assertThat(reader.dictionary(2)).isNull();
          VarCharVector dictionary = (VarCharVector) reader.dictionary(1);
          assertThat(dictionary).isNotNull();
          IntVector indices = (IntVector) reader.vector(1);
          VarCharVector names = (VarCharVector) reader.vector(2);
          IntVector ids = (IntVector) reader.vector(0);
          for (int i = 0; i < reader.rowCount(); i++, row++) {
            assertThat(ids.get(i)).isEqualTo(row);
            if (row % 7 == 0) {
              assertThat(indices.isNull(i)).isTrue();
            } else {
              assertThat(new String(dictionary.get(indices.get(i)))).isEqualTo(label(row));
            }
            assertThat(new String(names.get(i))).isEqualTo("name-" + row);
          }
        }
      }
      assertThat(row).isEqualTo(ROWS);
    }
  }

  private static String label(int row) {
    return LABELS[row % LABELS.length];
  }

  private static Field field(String name, ArrowType type, int id) {
    return new Field(
        name,
        new FieldType(true, type, null, Map.of("PARQUET:field_id", String.valueOf(id))),
        null);
  }

  /** Three batches of 1,000 rows: ids, a label of three values (every 7th NULL), unique names. */
  private static final class Rows extends ArrowReader {
    private final Schema schema;
    private int batch;

    Rows(BufferAllocator allocator, Schema schema) {
      super(allocator);
      this.schema = schema;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (batch == 3) {
        return false;
      }
      VectorSchemaRoot root = getVectorSchemaRoot();
      root.allocateNew();
      IntVector ids = (IntVector) root.getVector(0);
      VarCharVector labels = (VarCharVector) root.getVector(1);
      VarCharVector names = (VarCharVector) root.getVector(2);
      for (int i = 0; i < 1000; i++) {
        int row = batch * 1000 + i;
        ids.setSafe(i, row);
        if (row % 7 != 0) {
          labels.setSafe(i, label(row).getBytes());
        }
        names.setSafe(i, ("name-" + row).getBytes());
      }
      root.setRowCount(1000);
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
      return schema;
    }
  }
}
