package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * The rows that delete files take out of one data file of a snapshot. Sheaf writes small UPDATEs
 * and DELETEs as Iceberg equality deletes on {@code _rowid} (merge-on-read): a row id in a delete
 * file removes every row with that id in the data files committed before it. Iceberg's planning
 * attaches to each data file the delete files that apply to it; this class reads their row ids, and
 * every reader of data files skips the rows it names.
 *
 * <p>Delete files are immutable, so their row ids are kept by location (at most {@link #MAX_KEPT}
 * ids over all files, the least recently used dropped first). Delete files Sheaf does not write
 * (position deletes, equality deletes on other columns) are refused with NOT_SUPPORTED.
 */
public final class DeletedRowIds {
  static final long MAX_KEPT = 20_000_000;

  /** No row is deleted. */
  public static final DeletedRowIds NONE = new DeletedRowIds(new long[0]);

  private static final Map<String, long[]> KEPT = new LinkedHashMap<>(16, 0.75f, true);
  private static long keptIds;

  private final long[] sorted;

  private DeletedRowIds(long[] sorted) {
    this.sorted = sorted;
  }

  /** The row ids deleted from the data file of {@code task}. */
  public static DeletedRowIds of(Table table, FileScanTask task) {
    List<DeleteFile> deletes = task.deletes();
    if (deletes.isEmpty()) {
      return NONE;
    }
    if (deletes.size() == 1) {
      return new DeletedRowIds(ids(table, deletes.get(0)));
    }
    long[][] parts = new long[deletes.size()][];
    int total = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = ids(table, deletes.get(i));
      total += parts[i].length;
    }
    long[] all = new long[total];
    int at = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    Arrays.sort(all);
    return new DeletedRowIds(all);
  }

  /**
   * Fails unless Sheaf can apply every delete file of {@code task}: equality deletes on {@code
   * _rowid}.
   */
  public static void check(Table table, FileScanTask task) {
    int rowIdField = table.schema().findField(IcebergSchemas.ROWID).fieldId();
    for (DeleteFile delete : task.deletes()) {
      if (delete.content() != FileContent.EQUALITY_DELETES
          || !List.of(rowIdField).equals(delete.equalityFieldIds())) {
        throw SheafException.of(
            ErrorCode.NOT_SUPPORTED,
            "Cannot read table %s: data file %s has a delete file (%s) of a kind Sheaf does not"
                + " write; Sheaf applies only equality deletes on _rowid (rewrite the table's"
                + " data files with the engine that wrote it)",
            table.name(),
            task.file().location(),
            delete.location());
      }
    }
  }

  /** The row ids one delete file removes, sorted as written (shared: do not change the array). */
  public static long[] idsOf(Table table, DeleteFile delete) {
    return ids(table, delete);
  }

  public boolean isEmpty() {
    return sorted.length == 0;
  }

  public int size() {
    return sorted.length;
  }

  public boolean contains(long rowId) {
    return sorted.length > 0 && Arrays.binarySearch(sorted, rowId) >= 0;
  }

  private static long[] ids(Table table, DeleteFile delete) {
    synchronized (KEPT) {
      long[] kept = KEPT.get(delete.location());
      if (kept != null) {
        return kept;
      }
    }
    long[] ids = read(table, delete);
    synchronized (KEPT) {
      if (KEPT.put(delete.location(), ids) == null) {
        keptIds += ids.length;
      }
      Iterator<long[]> oldest = KEPT.values().iterator();
      while (keptIds > MAX_KEPT && oldest.hasNext()) {
        keptIds -= oldest.next().length;
        oldest.remove();
      }
    }
    return ids;
  }

  private static long[] read(Table table, DeleteFile delete) {
    Schema schema = table.schema().select(IcebergSchemas.ROWID);
    long[] ids = new long[Math.toIntExact(delete.recordCount())];
    int count = 0;
    try (CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(delete.location()))
            .project(schema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
            .build()) {
      for (Record record : records) {
        if (count == ids.length) {
          ids = Arrays.copyOf(ids, Math.max(16, count * 2));
        }
        ids[count++] = (Long) record.get(0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          "Cannot read delete file " + delete.location() + ": " + e.getMessage(),
          e);
    }
    long[] sorted = Arrays.copyOf(ids, count);
    Arrays.sort(sorted);
    return sorted;
  }
}
