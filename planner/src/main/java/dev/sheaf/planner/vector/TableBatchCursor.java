package dev.sheaf.planner.vector;

import dev.sheaf.catalog.arrow.RowFilter;
import dev.sheaf.catalog.arrow.ScanMetrics;
import dev.sheaf.catalog.iceberg.DeletedRowIds;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.catalog.iceberg.WarehouseFiles;
import dev.sheaf.planner.schema.SheafTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Walks the Arrow batches of a table snapshot: the data files Iceberg keeps after pruning, each
 * decoded by Arrow's C++ Parquet reader, several files at once ({@link ParallelFileDecoder}). A
 * batch's vectors are indexed by the table's column positions; columns not read, or missing from an
 * older file, are null.
 */
final class TableBatchCursor implements AutoCloseable {
  private final SheafTable table;
  private final int[] readColumns;
  private final long windowStart;
  private final long windowEnd;
  private final long[] fileStarts;

  /** The rows delete files remove from each file read, by the order of {@link #fileStarts}. */
  private final DeletedRowIds[] fileDeletes;

  /** Where the batch's {@code _rowid} vector is, when some file has deletes; -1 otherwise. */
  private final int rowIdAt;

  /** The computed cells each file read lacks, computed as rows are selected; null for none. */
  private final LazyColumns[] fileLazy;

  private final ParallelFileDecoder decoder;
  private final ScanMetrics metrics = new ScanMetrics();
  private int file = -1;
  private boolean fileDone = true;
  private ParallelFileDecoder.DecodedBatch current;
  private List<FieldVector> columns = List.of();
  private List<EncodedStrings> encoded = List.of();
  private long batchStart;

  /**
   * @param predicate the scan's WHERE predicate or null; when the scan reads all its rows, the part
   *     of it with a native form also runs in the Parquet reader (row groups it rules out are not
   *     decoded, rows it rejects never reach Java); {@link #select} still applies all of it
   * @param parallelism how many files may decode at once (1 still decodes on a thread of its own)
   * @param keepEncoded table column positions whose dictionary-encoded strings the caller reads
   *     through {@link #encoded} (for the rows it selects) rather than as plain vectors
   */
  TableBatchCursor(
      BufferAllocator allocator,
      SheafTable table,
      int[] readColumns,
      VectorPredicate predicate,
      Expression pruning,
      int batchRows,
      RowWindow window,
      int parallelism,
      AtomicBoolean cancel,
      Set<Integer> keepEncoded) {
    this.table = table;
    this.readColumns = readColumns.clone();
    List<NestedField> readFields = new ArrayList<>();
    for (int position : readColumns) {
      readFields.add(table.schema().findField(table.readColumns().get(position).name()));
    }
    List<FileScanTask> tasks = new ArrayList<>();
    if (table.snapshot() != null) {
      tasks.addAll(
          new TableRowReader(table.iceberg(), table.schema(), List.of())
              .plan(table.snapshot().snapshotId(), pruning));
    }
    tasks.sort(java.util.Comparator.comparing(task -> task.file().location()));
    long total = tasks.stream().mapToLong(task -> task.file().recordCount()).sum();
    this.windowStart = window.first(total);
    this.windowEnd = window.end(total);
    // only the files holding rows of the window are read at all
    List<ParallelFileDecoder.ScanFile> files = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    List<DeletedRowIds> deletes = new ArrayList<>();
    List<Set<String>> lazy = new ArrayList<>();
    Set<String> readNames = new HashSet<>();
    for (int position : readColumns) {
      readNames.add(table.readColumns().get(position).name());
    }
    long start = 0;
    for (FileScanTask task : tasks) {
      long end = start + task.file().recordCount();
      if (end > windowStart && start < windowEnd) {
        files.add(
            new ParallelFileDecoder.ScanFile(
                task.file().location(), task.file().fileSizeInBytes()));
        starts.add(start);
        deletes.add(DeletedRowIds.of(table.iceberg(), task));
        lazy.add(table.missingCells().missing(table, task.file(), readNames));
      }
      start = end;
    }
    this.fileStarts = starts.stream().mapToLong(Long::longValue).toArray();
    this.fileDeletes = deletes.toArray(DeletedRowIds[]::new);
    boolean lazyFill = lazy.stream().anyMatch(missing -> !missing.isEmpty());
    if (deletes.stream().allMatch(DeletedRowIds::isEmpty) && !lazyFill) {
      this.rowIdAt = -1;
    } else {
      // rows are deleted by row id, and computed cells kept by it: read it beside the columns
      this.rowIdAt = readFields.size();
      readFields.add(table.schema().findField(IcebergSchemas.ROWID));
    }
    this.fileLazy = new LazyColumns[files.size()];
    if (lazyFill) {
      Map<String, Integer> decoded = new HashMap<>();
      for (int i = 0; i < readColumns.length; i++) {
        decoded.put(table.readColumns().get(readColumns[i]).name(), i);
      }
      Set<String> union = new HashSet<>();
      lazy.forEach(union::addAll);
      for (String input : table.missingCells().inputs(table, union)) {
        if (!decoded.containsKey(input)) {
          decoded.put(input, readFields.size());
          readFields.add(table.schema().findField(input));
        }
      }
      for (int f = 0; f < fileLazy.length; f++) {
        if (!lazy.get(f).isEmpty()) {
          fileLazy[f] =
              new LazyColumns(allocator, table, lazy.get(f), readColumns, decoded, rowIdAt, cancel);
        }
      }
    }
    // a partition's rows are counted from the start of each file: filtering in the reader would
    // shift them, so only a scan of every row pushes its filter down; nor does a scan that
    // computes cells a file lacks (its filter may read them)
    RowFilter filter =
        predicate == null || windowStart != 0 || windowEnd != total || lazyFill
            ? null
            : predicate.rowFilter(
                position ->
                    table.schema().findField(table.readColumns().get(position).name()).fieldId());
    this.decoder =
        new ParallelFileDecoder(
            allocator,
            WarehouseFiles.require(table.iceberg().io()),
            files,
            readFields,
            encodedFields(readFields.size(), keepEncoded, lazyFill),
            filter,
            metrics,
            batchRows,
            parallelism);
  }

  /**
   * Whether the table's files can be read this way: its warehouse hands out local copies of data
   * files ({@link WarehouseFiles}: a local directory, or S3/B2 through the warehouse cache).
   */
  static boolean supports(SheafTable table) {
    return WarehouseFiles.of(table.iceberg().io()).isPresent()
        && table.name().systemTable() == null;
  }

  private boolean[] encodedFields(int fields, Set<Integer> keepEncoded, boolean lazyFill) {
    boolean[] keep = new boolean[fields];
    for (int i = 0; i < readColumns.length && !lazyFill; i++) {
      keep[i] = keepEncoded.contains(readColumns[i]);
    }
    return keep;
  }

  /** Moves to the next batch with rows in the window; false at the end. */
  boolean next() {
    while (true) {
      if (current != null) {
        batchStart += current.rows();
        if (fileLazy[file] != null) {
          fileLazy[file].release();
        }
        current.close();
        current = null;
      }
      if (fileDone) {
        if (!decoder.nextFile() || fileStarts[file + 1] >= windowEnd) {
          columns = List.of();
          encoded = List.of();
          return false;
        }
        file++;
        batchStart = fileStarts[file];
        fileDone = false;
      }
      current = decoder.nextBatch();
      if (current == null || batchStart >= windowEnd) {
        fileDone = true;
        if (current != null) {
          current.close();
          current = null;
        }
        continue;
      }
      int rows = current.rows();
      if (rows == 0 || batchStart + rows <= windowStart) {
        continue;
      }
      List<FieldVector> byColumn =
          new ArrayList<>(Collections.nCopies(table.readColumns().size(), null));
      List<EncodedStrings> byEncoded =
          new ArrayList<>(Collections.nCopies(table.readColumns().size(), null));
      for (int i = 0; i < readColumns.length; i++) {
        byColumn.set(readColumns[i], current.vectors().get(i));
        byEncoded.set(readColumns[i], current.encoded().get(i));
      }
      columns = byColumn;
      encoded = byEncoded;
      return true;
    }
  }

  /**
   * The rows of the current batch inside the window that pass the predicate (all when it is null),
   * as indexes into the batch.
   */
  int[] select(VectorPredicate predicate) {
    return select(predicate, Long.MAX_VALUE);
  }

  /**
   * Like {@link #select(VectorPredicate)}, for a caller that takes at most {@code wanted} of the
   * rows: when the file lacks computed cells, only the rows taken have them computed.
   */
  int[] select(VectorPredicate predicate, long wanted) {
    LazyColumns lazy = fileLazy[file];
    if (lazy == null) {
      return selectStored(predicate);
    }
    if (lazy.readBy(predicate)) {
      // the filter reads computed cells: compute them for every live row, then filter
      lazy.fill(columns, current.vectors(), selectStored(null), rowCount());
      return selectStored(predicate);
    }
    int[] selected = selectStored(predicate);
    if (selected.length > wanted) {
      selected = java.util.Arrays.copyOf(selected, (int) wanted);
    }
    lazy.fill(columns, current.vectors(), selected, rowCount());
    return selected;
  }

  private int[] selectStored(VectorPredicate predicate) {
    int rows = rowCount();
    int from = (int) Math.max(0, windowStart - batchStart);
    int to = (int) Math.min(rows, windowEnd - batchStart);
    int[] selected;
    if (predicate == null) {
      selected = new int[to - from];
      for (int i = 0; i < selected.length; i++) {
        selected[i] = from + i;
      }
    } else {
      selected = predicate.select(columns, rows);
      if (from != 0 || to != rows) {
        selected = java.util.Arrays.stream(selected).filter(i -> i >= from && i < to).toArray();
      }
    }
    return withoutDeleted(selected);
  }

  /** The selected rows that no delete file of the current file removes. */
  private int[] withoutDeleted(int[] selected) {
    DeletedRowIds deleted = fileDeletes[file];
    if (deleted.isEmpty()) {
      return selected;
    }
    BigIntVector rowIds = (BigIntVector) current.vectors().get(rowIdAt);
    int kept = 0;
    int[] live = new int[selected.length];
    for (int row : selected) {
      if (!deleted.contains(rowIds.get(row))) {
        live[kept++] = row;
      }
    }
    return kept == live.length ? selected : java.util.Arrays.copyOf(live, kept);
  }

  /** What the scan's file readers have done so far. */
  ScanMetrics metrics() {
    return metrics;
  }

  /** Whether every row of the current batch is in the window, and none is deleted. */
  boolean wholeBatchInWindow() {
    return batchStart >= windowStart
        && batchStart + rowCount() <= windowEnd
        && fileDeletes[file].isEmpty()
        && fileLazy[file] == null;
  }

  int rowCount() {
    return current == null ? 0 : current.rows();
  }

  /** The current batch's vectors by table column position. */
  List<FieldVector> columns() {
    return columns;
  }

  /**
   * The current batch's column at a table position as dictionary-encoded strings, when the scan
   * asked to keep it so and the file stores it so; {@link #columns} then holds null there.
   */
  EncodedStrings encoded(int position) {
    return position < encoded.size() ? encoded.get(position) : null;
  }

  /** The Arrow field of a column as the file stores it, for callers that copy values. */
  static boolean sameType(FieldVector source, Field target) {
    return source.getField().getType().equals(target.getType());
  }

  @Override
  public void close() {
    for (LazyColumns lazy : fileLazy) {
      if (lazy != null) {
        lazy.close();
      }
    }
    if (current != null) {
      current.close();
      current = null;
    }
    decoder.close();
  }
}
