package dev.sheaf.catalog.sources;

import dev.sheaf.catalog.arrow.ArrowCoercion;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.ArrowTypes;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.file.FileSystemDatasetFactory;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.dataset.scanner.ScanOptions;
import org.apache.arrow.dataset.scanner.Scanner;
import org.apache.arrow.dataset.source.Dataset;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads one CSV (a header line first; types inferred by Arrow) or Parquet file with Arrow Dataset's
 * native readers, as Sheaf row values. A file that does not parse fails with SOURCE_FORMAT_ERROR
 * naming the file and, where the reader says, the line.
 */
final class ArrowFileRows {
  private static final int BATCH_ROWS = 32_768;
  private static final Pattern ROW = Pattern.compile("Row #(\\d+)");

  private ArrowFileRows() {}

  /** The file's columns. */
  static List<SheafColumn> columns(BufferAllocator allocator, Path file, String origin) {
    FileSystemDatasetFactory factory = factory(allocator, file, origin);
    try {
      return columns(factory.inspect(), origin);
    } catch (RuntimeException e) {
      throw formatError(origin, e);
    } finally {
      factory.close();
    }
  }

  /**
   * Adds the file's rows to {@code rows}, each column placed at the position of the column of the
   * same name in {@code rows}.
   */
  static void read(BufferAllocator allocator, Path file, String origin, SourceRows rows) {
    int originIndex = rows.origin(origin);
    boolean csv = isCsv(file);
    long line = csv ? 1 : 0; // CSV: the header is line 1
    try (FileSystemDatasetFactory factory = factory(allocator, file, origin)) {
      List<SheafColumn> fileColumns = columns(factory.inspect(), origin);
      int[] positions = new int[fileColumns.size()];
      for (int c = 0; c < positions.length; c++) {
        positions[c] = rows.indexOf(fileColumns.get(c).name());
      }
      ScanOptions.Builder options =
          new ScanOptions.Builder(BATCH_ROWS).columns(java.util.Optional.empty());
      csvOptions(file).ifPresent(options::fragmentScanOptions);
      try (Dataset dataset = factory.finish();
          Scanner scanner = dataset.newScan(options.build());
          ArrowReader reader = scanner.scanBatches()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        while (reader.loadNextBatch()) {
          int count = root.getRowCount();
          for (int r = 0; r < count; r++) {
            Object[] row = new Object[rows.columns().size()];
            for (int c = 0; c < positions.length; c++) {
              FieldVector vector = root.getVector(c);
              SheafColumn column = fileColumns.get(c);
              row[positions[c]] = ArrowCoercion.sheafValue(vector, r, column.type(), column.name());
            }
            rows.add(row, originIndex, ++line);
          }
        }
      }
    } catch (SheafException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw formatError(origin, e);
    } catch (Exception e) {
      throw formatError(origin, e);
    }
  }

  private static FileSystemDatasetFactory factory(
      BufferAllocator allocator, Path file, String origin) {
    try {
      return new FileSystemDatasetFactory(
          allocator,
          NativeMemoryPool.getDefault(),
          isCsv(file) ? FileFormat.CSV : FileFormat.PARQUET,
          file.toUri().toASCIIString(),
          csvOptions(file));
    } catch (RuntimeException e) {
      throw formatError(origin, e);
    }
  }

  /** CSV: an empty field is NULL, in text columns too (Arrow reads it as '' by default). */
  private static java.util.Optional<org.apache.arrow.dataset.scanner.FragmentScanOptions>
      csvOptions(Path file) {
    if (!isCsv(file)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new org.apache.arrow.dataset.scanner.csv.CsvFragmentScanOptions(
            new org.apache.arrow.dataset.scanner.csv.CsvConvertOptions(
                java.util.Map.of("strings_can_be_null", "true")),
            java.util.Map.of(),
            java.util.Map.of()));
  }

  static boolean isCsv(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".csv.gz");
  }

  private static List<SheafColumn> columns(Schema schema, String origin) {
    List<SheafColumn> columns = new ArrayList<>();
    for (Field field : schema.getFields()) {
      SheafType type = ArrowTypes.inferSheafType(field);
      if (type == null) {
        throw SheafException.of(
            ErrorCode.SOURCE_FORMAT_ERROR,
            "Cannot read source file %s: column %s has Arrow type %s, which no Sheaf type holds"
                + " (cast it to text or a number in the file)",
            origin,
            field.getName(),
            field.getType());
      }
      columns.add(new SheafColumn(field.getName(), type, true));
    }
    return columns;
  }

  /** SOURCE_FORMAT_ERROR naming the file and, when the reader's message has one, the line. */
  private static SheafException formatError(String origin, Exception e) {
    String message = String.valueOf(e.getMessage()).strip();
    Matcher row = ROW.matcher(message);
    String where = row.find() ? " at line " + row.group(1) : "";
    return new SheafException(
        ErrorCode.SOURCE_FORMAT_ERROR,
        "Cannot read source file "
            + origin
            + where
            + ": "
            + message
            + " (fix the file, or move it out of the source's pattern)",
        e);
  }
}
