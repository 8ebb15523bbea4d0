package dev.sheaf.planner.vector;

import dev.sheaf.catalog.arrow.ScanMetrics;
import dev.sheaf.catalog.iceberg.DeletedRowIds;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.catalog.iceberg.WarehouseFiles;
import dev.sheaf.index.text.TextIndex;
import dev.sheaf.index.vector.VectorIndex;
import dev.sheaf.index.vector.VectorSearch;
import dev.sheaf.spi.types.SheafType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Reads the row ids and one VECTOR or VARCHAR column of whole data files, file by file in row
 * order, for an index to take: the same decoder as the scan (Arrow's C++ Parquet reader, several
 * files at once).
 */
public final class DataFileVectors {
  private static final int BATCH_ROWS = 8192;

  private DataFileVectors() {}

  /** The data files of a snapshot, location to size in bytes, in path order. */
  public static Map<String, Long> files(Table table, long snapshotId) {
    return files(table, snapshotId, false);
  }

  /** The data files of a snapshot, location to its rows, in path order. */
  public static Map<String, Long> rows(Table table, long snapshotId) {
    return files(table, snapshotId, true);
  }

  private static Map<String, Long> files(Table table, long snapshotId, boolean rows) {
    List<FileScanTask> tasks =
        new TableRowReader(table, table.schema(), List.of())
            .plan(snapshotId, Expressions.alwaysTrue());
    Map<String, Long> files = new LinkedHashMap<>();
    tasks.stream()
        .sorted(java.util.Comparator.comparing(task -> task.file().location()))
        .forEach(
            task ->
                files.put(
                    task.file().location(),
                    rows ? task.file().recordCount() : task.file().fileSizeInBytes()));
    return files;
  }

  /**
   * The data files of a snapshot, each with the row ids its delete files hide (merge-on-read
   * deletes, {@link DeletedRowIds}).
   */
  public static Map<String, LongPredicate> visible(Table table, long snapshotId) {
    Map<String, LongPredicate> files = new LinkedHashMap<>();
    for (FileScanTask task :
        new TableRowReader(table, table.schema(), List.of())
            .plan(snapshotId, Expressions.alwaysTrue())) {
      DeletedRowIds deleted = DeletedRowIds.of(table, task);
      files.put(
          task.file().location(),
          deleted.isEmpty() ? VectorSearch.NOTHING_HIDDEN : deleted::contains);
    }
    return files;
  }

  /**
   * Hands each file's rows to the vector index: {@code _rowid} and the column's vector (null for a
   * NULL cell), then commits them.
   */
  public static void index(
      BufferAllocator allocator,
      Table table,
      String column,
      SheafType type,
      Map<String, Long> files,
      VectorIndex index) {
    index(
        allocator,
        table,
        column,
        type,
        files,
        float[].class,
        file -> index.appendFile(file)::add,
        index::commitFiles);
  }

  /**
   * Hands each file's rows to a full-text index: {@code _rowid} and the column's text (null for a
   * NULL cell), then commits them.
   */
  public static void index(
      BufferAllocator allocator,
      Table table,
      String column,
      SheafType type,
      Map<String, Long> files,
      TextIndex index) {
    index(
        allocator,
        table,
        column,
        type,
        files,
        String.class,
        file -> index.appendFile(file)::add,
        index::commitFiles);
  }

  /** Where an index takes one file's cells: a row id and its value (null for a NULL cell). */
  private interface CellSink<T> {
    void add(long rowId, T value);
  }

  private static <T> void index(
      BufferAllocator allocator,
      Table table,
      String column,
      SheafType type,
      Map<String, Long> files,
      Class<T> valueType,
      Function<String, CellSink<T>> appendFile,
      java.util.function.Consumer<java.util.Set<String>> commit) {
    if (files.isEmpty()) {
      return;
    }
    read(
        allocator,
        table,
        column,
        files,
        file -> {
          CellSink<T> sink = appendFile.apply(file);
          return (rowId, values, row) ->
              sink.add(
                  rowId,
                  values == null ? null : valueType.cast(FileValues.read(values, row, type)));
        });
    commit.accept(files.keySet());
  }

  /** Takes the rows of one data file in order: a row's id and the column's decoded cells. */
  interface FileRows {
    /** Row {@code row} of {@code values} (null when the file predates the column). */
    void row(long rowId, FieldVector values, int row);
  }

  /** Decodes {@code _rowid} and one column of whole files, file by file, in row order. */
  private static void read(
      BufferAllocator allocator,
      Table table,
      String column,
      Map<String, Long> files,
      Function<String, FileRows> startFile) {
    NestedField rowIdField = table.schema().findField(IcebergSchemas.ROWID);
    NestedField valueField = table.schema().findField(column);
    List<ParallelFileDecoder.ScanFile> scanFiles = new ArrayList<>();
    files.forEach(
        (location, size) -> scanFiles.add(new ParallelFileDecoder.ScanFile(location, size)));
    try (ParallelFileDecoder decoder =
        new ParallelFileDecoder(
            allocator,
            WarehouseFiles.require(table.io()),
            scanFiles,
            List.of(rowIdField, valueField),
            new boolean[2],
            null,
            new ScanMetrics(),
            BATCH_ROWS,
            Math.max(1, Runtime.getRuntime().availableProcessors() / 2))) {
      for (ParallelFileDecoder.ScanFile file : scanFiles) {
        decoder.nextFile();
        FileRows rows = startFile.apply(file.location());
        for (ParallelFileDecoder.DecodedBatch next = decoder.nextBatch();
            next != null;
            next = decoder.nextBatch()) {
          try (ParallelFileDecoder.DecodedBatch batch = next) {
            BigIntVector rowIds = (BigIntVector) batch.vectors().get(0);
            FieldVector values = batch.vectors().get(1);
            for (int row = 0; row < batch.rows(); row++) {
              rows.row(rowIds.get(row), values, row);
            }
          }
        }
      }
    }
  }
}
