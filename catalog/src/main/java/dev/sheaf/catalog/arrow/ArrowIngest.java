package dev.sheaf.catalog.arrow;

import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.LocalFileIO;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Bulk ingest: Arrow batches from a client become rows of a table in one commit. On a local
 * warehouse the batches go to Parquet through Arrow's C++ writer (columns carry their Iceberg field
 * ids, Iceberg reads the file metrics back from the footers), with no Java object per row; on other
 * storage they go through the row writer.
 */
public final class ArrowIngest {
  private static final String FIELD_ID = "PARQUET:field_id";

  /** Rows per data file written by one writer thread; larger ingests write several at once. */
  static final long ROWS_PER_FILE = 1L << 19;

  private final TableWrites writes;
  private final BufferAllocator allocator;

  public ArrowIngest(TableWrites writes, BufferAllocator allocator) {
    this.writes = writes;
    this.allocator = allocator;
  }

  /**
   * Writes every batch of {@code source} into the table (columns matched by name) and commits once:
   * appended to, or with {@code replace} replacing, the rows of the branch (main when null).
   * Returns the number of rows written.
   */
  public long ingest(Table table, String branch, ArrowReader source, boolean replace) {
    if (!(table.io() instanceof LocalFileIO)) {
      return ingestRows(table, branch, source, replace);
    }
    Path directory =
        LocalFileIO.file(table.locationProvider().newDataLocation("ingest-" + UUID.randomUUID()))
            .toPath();
    IngestBatches batches = new IngestBatches(allocator, source, table, writes, fileSchema(table));
    List<DataFile> files = new ArrayList<>();
    try {
      try {
        new ParallelParquetWriter(
                allocator,
                batches.getVectorSchemaRoot().getSchema(),
                directory,
                Runtime.getRuntime().availableProcessors(),
                ROWS_PER_FILE)
            .write(batches);
      } catch (SheafException e) {
        throw e;
      } catch (RuntimeException | IOException e) {
        throw batches.failure() != null ? batches.failure() : storageError(table, e);
      }
      files.addAll(dataFiles(table, directory));
      if (!batches.keyRows().isEmpty()) {
        TableWrites.checkNewKeys(table, branch, batches.keyRows());
      }
    } catch (RuntimeException e) {
      deleteQuietly(directory);
      throw e;
    } finally {
      closeQuietly(batches);
    }
    if (batches.rows() == 0 && !replace) {
      deleteQuietly(directory);
      return 0;
    }
    if (replace) {
      writes.commitReplace(table, branch, files);
    } else {
      writes.commitAppend(table, branch, files);
    }
    return batches.rows();
  }

  /** The slow path for object storage: rows through the row writer. */
  private long ingestRows(Table table, String branch, ArrowReader source, boolean replace) {
    List<NestedField> fields = table.schema().columns();
    List<Object[]> rows = new ArrayList<>();
    try {
      while (source.loadNextBatch()) {
        var root = source.getVectorSchemaRoot();
        for (int r = 0; r < root.getRowCount(); r++) {
          Object[] row = new Object[fields.size() - 1];
          for (int c = 1; c < fields.size(); c++) {
            NestedField field = fields.get(c);
            var vector = root.getVector(field.name());
            row[c - 1] =
                vector == null
                    ? null
                    : ArrowCoercion.sheafValue(
                        vector, r, IcebergSchemas.sheafType(field), field.name());
          }
          rows.add(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (replace) {
      writes.commitReplace(table, branch, List.of());
    }
    if (!rows.isEmpty()) {
      writes.append(table, branch, rows);
    }
    return rows.size();
  }

  /** The Arrow schema of the table's data files: Sheaf's Arrow types plus Parquet field ids. */
  static Schema fileSchema(Table table) {
    List<Field> fields = new ArrayList<>();
    for (NestedField field : table.schema().columns()) {
      SheafType type = IcebergSchemas.sheafType(field);
      Field arrow = ArrowTypes.field(new SheafColumn(field.name(), type, field.isOptional()));
      List<Field> children = arrow.getChildren();
      if (type.kind() == TypeKind.VECTOR) {
        int elementId = ((Types.ListType) field.type()).elementId();
        Field element = children.get(0);
        children =
            List.of(
                new Field(
                    element.getName(),
                    withId(element.getFieldType(), elementId),
                    element.getChildren()));
      }
      fields.add(
          new Field(arrow.getName(), withId(arrow.getFieldType(), field.fieldId()), children));
    }
    return new Schema(fields);
  }

  private static FieldType withId(FieldType type, int id) {
    Map<String, String> metadata = new HashMap<>();
    if (type.getMetadata() != null) {
      metadata.putAll(type.getMetadata());
    }
    metadata.put(FIELD_ID, Integer.toString(id));
    ArrowType arrowType = type.getType();
    return new FieldType(type.isNullable(), arrowType, type.getDictionary(), metadata);
  }

  private static List<DataFile> dataFiles(Table table, Path directory) {
    List<DataFile> files = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(directory, 2)) {
      for (Path path : paths.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
        File file = path.toFile();
        var input = table.io().newInputFile(file.getAbsolutePath());
        files.add(
            DataFiles.builder(PartitionSpec.unpartitioned())
                .withPath(file.getAbsolutePath())
                .withFormat(org.apache.iceberg.FileFormat.PARQUET)
                .withFileSizeInBytes(file.length())
                .withMetrics(ParquetUtil.fileMetrics(input, MetricsConfig.forTable(table)))
                .build());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static SheafException storageError(Table table, Exception e) {
    return new SheafException(
        ErrorCode.STORAGE_ERROR,
        "Cannot write ingested data to table " + table.name() + ": " + e.getMessage(),
        e);
  }

  private static void deleteQuietly(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory, 3)) {
      // children before their directories
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // leftover files are unreferenced and harmless
    }
  }

  private static void closeQuietly(ArrowReader reader) {
    try {
      reader.close(false);
    } catch (IOException ignored) {
      // nothing to release beyond the batch buffers
    }
  }
}
