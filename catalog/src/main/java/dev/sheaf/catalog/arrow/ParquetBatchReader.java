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
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Reads columns of one Parquet data file straight into Arrow vectors with Arrow's C++ reader (Arrow
 * Dataset over JNI): no per-row objects. Columns are matched by Iceberg field id (the Parquet
 * {@code field_id}), so renamed columns read right; a column the file does not have (added later)
 * reads as null.
 */
public final class ParquetBatchReader implements AutoCloseable {
  private static final String FIELD_ID = "PARQUET:field_id";

  private final DatasetFactory factory;
  private final Dataset dataset;
  private final Scanner scanner;
  private final ArrowReader reader;
  private final int[] positions;

  /**
   * @param fields the Iceberg fields to read, in the order wanted
   */
  public ParquetBatchReader(
      BufferAllocator allocator, File file, List<NestedField> fields, int batchRows) {
    try {
      this.factory =
          new FileSystemDatasetFactory(
              allocator,
              NativeMemoryPool.getDefault(),
              FileFormat.PARQUET,
              file.toURI().toString());
      Schema fileSchema = factory.inspect();
      Map<Integer, String> namesById = new HashMap<>();
      for (Field field : fileSchema.getFields()) {
        String id = field.getMetadata() == null ? null : field.getMetadata().get(FIELD_ID);
        if (id != null) {
          namesById.put(Integer.parseInt(id), field.getName());
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
      this.dataset = factory.finish();
      this.scanner =
          dataset.newScan(new ScanOptions(batchRows, Optional.of(columns.toArray(String[]::new))));
      this.reader = scanner.scanBatches();
    } catch (RuntimeException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR, "Cannot read data file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Loads the next batch; false at the end of the file. */
  public boolean next() {
    try {
      return reader.loadNextBatch();
    } catch (java.io.IOException e) {
      throw new SheafException(ErrorCode.STORAGE_ERROR, "Cannot read a data file: " + e, e);
    }
  }

  public int rowCount() {
    return batch().getRowCount();
  }

  /**
   * The vector of the i-th requested field in the current batch, or null when the file lacks it.
   */
  public FieldVector vector(int i) {
    return positions[i] < 0 ? null : batch().getVector(positions[i]);
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
      reader.close();
      scanner.close();
      dataset.close();
      factory.close();
    } catch (Exception e) {
      throw new SheafException(ErrorCode.STORAGE_ERROR, "Cannot close a data file: " + e, e);
    }
  }
}
