package dev.sheaf.catalog.arrow;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.dataset.source.DatasetFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Reads columns of one Parquet data file straight into Arrow vectors with Arrow's C++ reader (Arrow
 * Dataset over JNI): no per-row objects. Columns are matched by Iceberg field id (the Parquet
 * {@code field_id}), so renamed columns read right; a column the file does not have (added later)
 * reads as null.
 *
 * <p>With a {@link RowFilter}, the part of it the scanner can evaluate ({@link SubstraitFilter})
 * runs in Arrow's C++ scanner: row groups whose statistics rule out every row are not decoded, and
 * only the rows that pass cross JNI. The filter may keep more rows than it names (parts it cannot
 * evaluate are left out), never fewer, so the caller still applies its own predicate.
 *
 * <p>A filter that pins rows to a few key values may be answered by {@link ParquetPointLookup}
 * instead, which decodes the matching rows rather than whole row groups; its one batch is read
 * through the same methods.
 */
public final class ParquetBatchReader implements AutoCloseable {
  private static final String FIELD_ID = "PARQUET:field_id";

  private final DatasetFactory factory;
  private final Dataset dataset;
  private final Scanner scanner;
  private final ArrowReader reader;
  private final int[] positions;
  private final List<NestedField> fields;

  /** A point lookup's rows, when {@link ParquetPointLookup} read the file; else null. */
  private final ParquetPointLookup.Batch lookup;

  private boolean lookupTaken;

  /**
   * @param fields the Iceberg fields to read, in the order wanted
   */
  public ParquetBatchReader(
      BufferAllocator allocator, File file, List<NestedField> fields, int batchRows) {
    this(allocator, file, fields, batchRows, null, new ScanMetrics());
  }

  /**
   * @param fields the Iceberg fields to read, in the order wanted; they include those {@code
   *     filter} reads
   * @param filter the rows wanted, or null for all of them
   * @param metrics counts what this reader does
   */
  public ParquetBatchReader(
      BufferAllocator allocator,
      File file,
      List<NestedField> fields,
      int batchRows,
      RowFilter filter,
      ScanMetrics metrics) {
    this.fields = List.copyOf(fields);
    try {
      this.lookup =
          filter == null
              ? null
              : ParquetPointLookup.read(allocator, file, fields, filter, batchRows, metrics);
      if (lookup != null) {
        this.factory = null;
        this.dataset = null;
        this.scanner = null;
        this.reader = null;
        this.positions = null;
        return;
      }
      this.factory =
          new FileSystemDatasetFactory(
              allocator,
              NativeMemoryPool.getDefault(),
              FileFormat.PARQUET,
              file.toURI().toASCIIString()); // percent-encoded: Arrow parses the URI
      Schema fileSchema = factory.inspect();
      Map<Integer, String> namesById = new HashMap<>();
      Map<Integer, Field> fieldsById = new HashMap<>();
      for (Field field : fileSchema.getFields()) {
        String id = field.getMetadata() == null ? null : field.getMetadata().get(FIELD_ID);
        if (id != null) {
          namesById.put(Integer.parseInt(id), field.getName());
          fieldsById.put(Integer.parseInt(id), field);
        }
      }
      List<String> columns = new ArrayList<>();
      this.positions = new int[fields.size()];
      for (int i = 0; i < fields.size(); i++) {
        String name = namesById.get(fields.get(i).fieldId());
        if (name == null) {
          positions[i] = -1;
        } else {
          int existing = columns.indexOf(name);
          positions[i] = existing >= 0 ? existing : columns.size();
          if (existing < 0) {
            columns.add(name);
          }
        }
      }
      SubstraitFilter pushed =
          filter == null ? null : SubstraitFilter.of(filter, fileSchema.getFields(), fieldsById);
      ScanOptions.Builder options =
          new ScanOptions.Builder(batchRows).columns(Optional.of(columns.toArray(String[]::new)));
      if (pushed != null) {
        ParquetRowGroups.Kept kept = ParquetRowGroups.select(file, fields, pushed.pushed());
        metrics.rowGroups(kept.total(), kept.groups().size());
        if (kept.groups().isEmpty()) {
          // no row group can hold a matching row: nothing to decode
          this.dataset = null;
          this.scanner = null;
          this.reader = null;
          return;
        }
        options.substraitFilter(pushed.encode());
      }
      metrics.fileOpened();
      this.dataset = factory.finish();
      this.scanner = dataset.newScan(options.build());
      this.reader = scanner.scanBatches();
    } catch (RuntimeException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR, "Cannot read data file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Loads the next batch; false at the end of the file. */
  public boolean next() {
    if (lookup != null) {
      boolean first = !lookupTaken;
      lookupTaken = true;
      return first && lookup.rowCount() > 0;
    }
    if (reader == null) {
      return false;
    }
    try {
      return reader.loadNextBatch();
    } catch (java.io.IOException e) {
      throw new SheafException(ErrorCode.STORAGE_ERROR, "Cannot read a data file: " + e, e);
    }
  }

  public int rowCount() {
    return lookup != null ? lookup.rowCount() : batch().getRowCount();
  }

  /**
   * The vector of the i-th requested field in the current batch, or null when the file lacks it.
   */
  public FieldVector vector(int i) {
    if (lookup != null) {
      return lookup.vector(fields.get(i).fieldId());
    }
    return positions[i] < 0 ? null : batch().getVector(positions[i]);
  }

  /**
   * The dictionary of the i-th requested field in the current batch when the file stores it as
   * dictionary-encoded strings ({@link StringDictionaries}): {@link #vector} then holds the int32
   * indexes into it. Null for a field read as plain values.
   */
  public FieldVector dictionary(int i) {
    FieldVector vector = vector(i);
    if (vector == null || vector.getField().getDictionary() == null) {
      return null;
    }
    Dictionary dictionary = reader.lookup(vector.getField().getDictionary().getId());
    return dictionary == null ? null : dictionary.getVector();
  }

  private VectorSchemaRoot batch() {
    try {
      return reader.getVectorSchemaRoot();
    } catch (java.io.IOException e) {
      throw new SheafException(ErrorCode.STORAGE_ERROR, "Cannot read a data file: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      if (lookup != null) {
        lookup.close();
        return;
      }
      if (reader != null) {
        reader.close();
        scanner.close();
        dataset.close();
      }
      factory.close();
    } catch (Exception e) {
      throw new SheafException(ErrorCode.STORAGE_ERROR, "Cannot close a data file: " + e, e);
    }
  }
}
