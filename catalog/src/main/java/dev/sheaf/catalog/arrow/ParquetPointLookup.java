package dev.sheaf.catalog.arrow;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * A point query's read of one Parquet file ({@code WHERE id = ?}, {@code id IN (...)}) that decodes
 * the few rows it returns rather than whole row groups: parquet-java reads the row groups the
 * footer's statistics keep, only the pages of them the column index allows (when the file has one:
 * a file of several pages per column chunk), decodes the filter's columns over those pages, tests
 * each row, and reads the other columns at the matching rows only, skipping the rest without
 * decoding them. Arrow's C++ reader, the scan's usual one, decodes every row of each row group it
 * reads, a 32,768-row group of every projected column for one row.
 *
 * <p>The lookup answers only when it is cheap and exact: a filter that pins rows to a few values,
 * columns whose file types it reads ({@link LookupColumn}), at most {@link #MAX_ROW_GROUPS} row
 * groups left after the statistics and at most {@link #MAX_ROWS} matching rows; otherwise {@link
 * #read} returns null and Arrow's reader reads the file. Its batch holds what Arrow's reader would
 * have returned for the same filter, maybe more rows (a filter part it cannot evaluate is left
 * out), never fewer, so the scan's predicate still decides.
 */
final class ParquetPointLookup {
  /** Row groups (left after the statistics) above which Arrow's reader reads the file. */
  static final int MAX_ROW_GROUPS = 4;

  /** Matching rows above which Arrow's reader reads the file instead. */
  static final int MAX_ROWS = 4096;

  /** Candidate rows of one row group (after the column index) above which Arrow reads. */
  private static final long MAX_CANDIDATES = 1 << 18;

  /**
   * Whether lookups are on: the JVM property {@code sheaf.point-lookup=false} turns them off, to
   * compare with Arrow's reader.
   */
  static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("sheaf.point-lookup", "true"));

  private ParquetPointLookup() {}

  /** The rows a lookup found, a vector per field id the file has. */
  static final class Batch implements AutoCloseable {
    private final Map<Integer, FieldVector> vectors;
    private final int rows;

    private Batch(Map<Integer, FieldVector> vectors, int rows) {
      this.vectors = vectors;
      this.rows = rows;
    }

    int rowCount() {
      return rows;
    }

    /** The field's vector, or null when the file lacks the field. */
    FieldVector vector(int fieldId) {
      return vectors.get(fieldId);
    }

    @Override
    public void close() {
      vectors.values().forEach(FieldVector::close);
    }
  }

  /**
   * Reads the rows of {@code file} that {@code filter} may keep, or returns null when Arrow's
   * reader should read the file (see the class comment).
   */
  static Batch read(
      BufferAllocator allocator,
      File file,
      List<NestedField> fields,
      RowFilter filter,
      int batchRows,
      ScanMetrics metrics) {
    if (!ENABLED || !LookupFilter.isPoint(filter)) {
      return null;
    }
    ParquetMetadata footer = ParquetRowGroups.footer(file);
    MessageType fileSchema = footer.getFileMetaData().getSchema();
    Map<Integer, Type> fileColumns = new HashMap<>();
    for (Type column : fileSchema.getFields()) {
      if (column.getId() != null) {
        fileColumns.put(column.getId().intValue(), column);
      }
    }
    Map<Integer, LookupColumn> columns = new LinkedHashMap<>();
    for (NestedField field : fields) {
      Type column = fileColumns.get(field.fieldId());
      if (column != null && !columns.containsKey(field.fieldId())) {
        LookupColumn lookup = LookupColumn.of(fileSchema, column, field.type());
        if (lookup == null) {
          return null;
        }
        columns.put(field.fieldId(), lookup);
      }
    }
    RowFilter evaluable = LookupFilter.evaluable(filter, columns);
    if (evaluable == null || !LookupFilter.isPoint(evaluable)) {
      return null;
    }
    ParquetRowGroups.Kept kept = ParquetRowGroups.select(file, fields, evaluable);
    if (kept.groups().size() > MAX_ROW_GROUPS) {
      return null;
    }
    Map<Integer, List<Object>> values = new LinkedHashMap<>();
    columns.keySet().forEach(id -> values.put(id, new ArrayList<>()));
    long candidates;
    try {
      candidates =
          kept.groups().isEmpty()
              ? 0
              : readGroups(
                  file,
                  footer,
                  kept.groups(),
                  columns,
                  evaluable,
                  values,
                  Math.min(batchRows, MAX_ROWS));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Cannot look up rows in " + file + ": " + e, e);
    }
    if (candidates < 0) {
      return null;
    }
    metrics.rowGroups(kept.total(), kept.groups().size());
    if (!kept.groups().isEmpty()) {
      metrics.fileOpened();
      metrics.lookedUp(candidates);
    }
    Map<Integer, FieldVector> vectors = new LinkedHashMap<>();
    try {
      for (Map.Entry<Integer, List<Object>> entry : values.entrySet()) {
        vectors.put(
            entry.getKey(), columns.get(entry.getKey()).vector(allocator, entry.getValue()));
      }
    } catch (RuntimeException e) {
      vectors.values().forEach(FieldVector::close);
      throw e;
    }
    int rows = values.isEmpty() ? 0 : values.values().iterator().next().size();
    return new Batch(vectors, rows);
  }

  /**
   * Adds the matching rows of the row groups to {@code values}; returns the candidate rows decoded
   * (those of the pages the column index kept), or -1 when there are too many.
   */
  private static long readGroups(
      File file,
      ParquetMetadata footer,
      List<Integer> groups,
      Map<Integer, LookupColumn> columns,
      RowFilter filter,
      Map<Integer, List<Object>> values,
      int maxRows)
      throws IOException {
    MessageType fileSchema = footer.getFileMetaData().getSchema();
    FilterPredicate pages = LookupFilter.pages(filter, columns);
    ParquetReadOptions.Builder options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .useStatsFilter(false)
            .useDictionaryFilter(false)
            .useBloomFilter(false)
            .useRecordFilter(false)
            .useColumnIndexFilter(pages != null);
    if (pages != null) {
      options.withRecordFilter(FilterCompat.get(pages));
    }
    List<Type> read = new ArrayList<>();
    for (LookupColumn column : columns.values()) {
      read.add(fileSchema.getType(column.descriptor().getPath()[0]));
    }
    MessageType requested = new MessageType(fileSchema.getName(), read);
    Set<Integer> filterIds = new HashSet<>();
    filter.addFieldIds(filterIds);
    InputFile input = new LocalInputFile(file.toPath());
    long candidates = 0;
    int found = 0;
    try (ParquetFileReader reader =
        new ParquetFileReader(input, footer, options.build(), input.newStream())) {
      reader.setRequestedSchema(requested);
      for (int group : groups) {
        try (PageReadStore store = reader.readFilteredRowGroup(group)) {
          if (store == null || store.getRowCount() == 0) {
            continue;
          }
          long rows = store.getRowCount();
          if (rows > MAX_CANDIDATES) {
            return -1;
          }
          candidates += rows;
          long[] candidateRows = rowIndexes(store, (int) rows);
          // the filter's columns: the rows that pass, and their values there
          List<Integer> matching = new ArrayList<>();
          Map<Integer, List<Object>> filterValues = new HashMap<>();
          if (filterIds.size() == 1) {
            int id = filterIds.iterator().next();
            LookupColumn column = columns.get(id);
            List<Object> passing = new ArrayList<>();
            try (ColumnPages chunk =
                new ColumnPages(column, store.getPageReader(column.descriptor()))) {
              chunk.select(
                  candidateRows,
                  value -> Boolean.TRUE.equals(LookupFilter.test(filter, field -> value)),
                  integer(column) ? LookupFilter.longTest(filter) : null,
                  matching,
                  passing);
            }
            filterValues.put(id, passing);
          } else {
            Map<Integer, Object[]> decoded = new HashMap<>();
            for (int id : filterIds) {
              LookupColumn column = columns.get(id);
              Object[] all = new Object[(int) rows];
              try (ColumnPages chunk =
                  new ColumnPages(column, store.getPageReader(column.descriptor()))) {
                for (int row = 0; row < rows; row++) {
                  all[row] = chunk.valueAt(candidateRows[row]);
                }
              }
              decoded.put(id, all);
            }
            for (int row = 0; row < rows; row++) {
              int at = row;
              if (Boolean.TRUE.equals(LookupFilter.test(filter, id -> decoded.get(id)[at]))) {
                matching.add(row);
              }
            }
            for (Map.Entry<Integer, Object[]> entry : decoded.entrySet()) {
              List<Object> passing = new ArrayList<>();
              matching.forEach(row -> passing.add(entry.getValue()[row]));
              filterValues.put(entry.getKey(), passing);
            }
          }
          found += matching.size();
          if (found > maxRows) {
            return -1;
          }
          if (matching.isEmpty()) {
            continue;
          }
          long[] matchingRows = new long[matching.size()];
          for (int i = 0; i < matchingRows.length; i++) {
            matchingRows[i] = candidateRows[matching.get(i)];
          }
          for (Map.Entry<Integer, LookupColumn> entry : columns.entrySet()) {
            List<Object> out = values.get(entry.getKey());
            List<Object> passing = filterValues.get(entry.getKey());
            if (passing != null) {
              out.addAll(passing);
            } else {
              try (ColumnPages chunk =
                  new ColumnPages(
                      entry.getValue(), store.getPageReader(entry.getValue().descriptor()))) {
                for (long row : matchingRows) {
                  out.add(chunk.valueAt(row));
                }
              }
            }
          }
        }
      }
    } catch (ColumnPages.Unsupported e) {
      return -1;
    }
    return candidates;
  }

  private static boolean integer(LookupColumn column) {
    return switch (column.type().typeId()) {
      case LONG, INTEGER, DATE -> true;
      default -> false;
    };
  }

  /**
   * The row-group row indexes of the rows the store holds (those of the pages the column index
   * kept, or all), ascending.
   */
  private static long[] rowIndexes(PageReadStore store, int count) {
    long[] rows = new long[count];
    var indexes = store.getRowIndexes();
    if (indexes.isEmpty()) {
      for (int i = 0; i < count; i++) {
        rows[i] = i;
      }
      return rows;
    }
    PrimitiveIterator.OfLong iterator = indexes.get();
    for (int i = 0; i < count; i++) {
      rows[i] = iterator.nextLong();
    }
    return rows;
  }
}
