package dev.sheaf.catalog.arrow;

import dev.sheaf.catalog.NewKeys;
import dev.sheaf.catalog.TableVersions;
import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.WarehouseFiles;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
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
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Bulk ingest: Arrow batches from a client become rows of a table in one commit. The batches go to
 * Parquet through Arrow's C++ writer (columns carry their Iceberg field ids, Iceberg reads the file
 * metrics back from the footers), with no Java object per row, into the warehouse's staging
 * directory ({@link WarehouseFiles}: the data directory itself on local disk; a local directory on
 * S3/B2, each file uploaded when the stream ends). Memory stays bounded by the writer's queues
 * whatever the stream's size.
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
    WarehouseFiles warehouse = WarehouseFiles.require(table.io());
    String dataLocation = table.locationProvider().newDataLocation("ingest-" + UUID.randomUUID());
    Path directory = warehouse.stagingDirectory(dataLocation);
    IngestBatches batches = new IngestBatches(allocator, source, table, writes, fileSchema(table));
    List<DataFile> files = new ArrayList<>();
    // REPLACE removes every row there is: its keys need only differ from each other
    Snapshot checkedAt = replace ? null : TableVersions.head(table, branch);
    NewKeys keys;
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
      keys = TableWrites.checkNewKeys(table, checkedAt, batches.keyRows());
      if (batches.rows() > 0) {
        new DataFileUploads(table, warehouse, dataLocation, directory).publishAll(files);
      }
    } catch (RuntimeException e) {
      files.forEach(file -> deleteQuietly(table, file.location()));
      deleteQuietly(directory);
      warehouse.releaseStaging(directory);
      throw e;
    } finally {
      closeQuietly(batches);
    }
    warehouse.releaseStaging(directory);
    if (batches.rows() == 0 && !replace) {
      deleteQuietly(directory);
      return 0;
    }
    // one commit in every mode: REPLACE is one overwrite, never an empty version in between
    if (replace) {
      writes.commitReplace(table, branch, files);
    } else {
      writes.commitAppend(table, branch, files, keys, checkedAt);
    }
    return batches.rows();
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

  private static void deleteQuietly(Table table, String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException ignored) {
      // an unreferenced object is harmless: no version names it
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
