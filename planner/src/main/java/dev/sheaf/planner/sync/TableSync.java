package dev.sheaf.planner.sync;

import dev.sheaf.catalog.NewTable;
import dev.sheaf.catalog.SchemaChanges;
import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableVersions;
import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.WriteMode;
import dev.sheaf.catalog.arrow.ArrowIngest;
import dev.sheaf.catalog.computed.ComputedColumns;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.provenance.ProvenanceEntry;
import dev.sheaf.catalog.provenance.ProvenanceRun;
import dev.sheaf.catalog.sources.SourceDefinition;
import dev.sheaf.catalog.sources.SourceProfiles;
import dev.sheaf.catalog.sources.SourceQuery;
import dev.sheaf.catalog.sources.SourceReaders;
import dev.sheaf.catalog.sources.SourceRows;
import dev.sheaf.catalog.sources.SyncCursor;
import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.planner.exec.RowBatchReader;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * SYNC TABLE: reads a source (only rows past the stored cursor, when there is one), checks its
 * rows, and upserts them by key into the table as one new version, with MERGE's write underneath
 * ({@link TableWrites#rewrite}): new keys inserted, rows whose values changed updated, and, with
 * DELETE MISSING, rows whose key the source no longer has deleted. Nothing changed: no version. A
 * table that does not exist is created from the source's columns, the key its primary key, with its
 * rows in one commit; a source column the table lacks is added first; a column whose type changed
 * fails with TYPE_MISMATCH before anything is written. The cursor moves only after the commit, so a
 * failed sync leaves the table, its versions and the cursor as they were. Each sync is a provenance
 * run; each row written, an entry; each refused row, a sync error.
 */
public final class TableSync {
  private final SheafCatalog catalog;
  private final TableWrites writes;
  private final MediaStores media;
  private final BufferAllocator allocator;
  private volatile SourceProfiles profiles;

  public TableSync(
      SheafCatalog catalog,
      TableWrites writes,
      MediaStores media,
      BufferAllocator allocator,
      SourceProfiles profiles) {
    this.catalog = catalog;
    this.writes = writes;
    this.media = media;
    this.allocator = allocator;
    this.profiles = profiles;
  }

  /** Where the credentials profiles sources name come from, from now on. */
  public void profiles(SourceProfiles newProfiles) {
    this.profiles = newProfiles;
  }

  public SyncResult run(SyncRequest request, AtomicBoolean cancel) {
    SourceDefinition source =
        catalog
            .sources()
            .find(request.source())
            .orElseThrow(
                () ->
                    SheafException.of(
                        ErrorCode.SOURCE_NOT_FOUND,
                        "Cannot sync table %s from source '%s': no such source (CREATE SOURCE it;"
                            + " SELECT * FROM sys.sources lists them)",
                        request.table(),
                        request.source()));
    if (catalog.views().find(request.schema(), request.table()).isPresent()) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot sync into %s: it is a view, which is read-only (sync into its base table)",
          request.table());
    }
    Optional<Table> existing = catalog.findTable(request.schema(), request.table());
    existing.ifPresent(table -> refuseComputed(table, request));
    SyncCursor last = existing.flatMap(table -> lastCursor(table, request)).orElse(null);
    String runId = UUID.randomUUID().toString();
    ProvenanceRun run =
        ProvenanceRun.started(
            runId, "sync", SourceReaders.origin(source), request.schema(), request.table());
    catalog.provenance().startRun(run);
    SyncJob job =
        SyncJob.start(
            catalog.backfillJobs(),
            runId,
            existing.map(table -> table.uuid().toString()).orElse(null),
            request.schema(),
            request.table(),
            request.source());
    try {
      long started = System.nanoTime();
      SourceRows rows =
          SourceReaders.open(source, profiles, media, allocator)
              .read(
                  new SourceQuery(
                      request.keys(),
                      request.cursor(),
                      last == null ? null : last.value(),
                      request.deleteMissing() && last != null));
      checkCancel(cancel);
      job.read(rows.size());
      long read = System.nanoTime();
      Written written = write(request, existing, rows, runId, cancel);
      long committed = System.nanoTime();
      SyncResult result =
          new SyncResult(
              written.inserted,
              written.updated,
              written.deleted,
              written.errors.size(),
              written.version,
              runId);
      saveCursor(request, rows, written.tableUuid);
      catalog.provenance().record(written.entries);
      catalog.syncErrors().record(written.errors);
      long recorded = System.nanoTime();
      String timings =
          String.format(
              java.util.Locale.ROOT,
              " (read %.2f s, write %.2f s, provenance %.2f s)",
              (read - started) / 1e9,
              (committed - read) / 1e9,
              (recorded - committed) / 1e9);
      catalog
          .provenance()
          .updateRun(
              run.progressed(
                      written.inserted + written.updated + written.deleted,
                      0,
                      written.errors.size())
                  .finished(ProvenanceRun.State.DONE, written.version, result.summary() + timings));
      job.finish(
          true,
          written.inserted + written.updated + written.deleted,
          written.errors.size(),
          result.summary() + timings);
      return result;
    } catch (RuntimeException e) {
      catalog
          .provenance()
          .updateRun(run.finished(ProvenanceRun.State.FAILED, null, failureMessage(e)));
      job.finish(false, 0, 0, failureMessage(e));
      throw e;
    }
  }

  /** What a sync wrote. */
  private static final class Written {
    long inserted;
    long updated;
    long deleted;
    Long version;
    String tableUuid;
    List<ProvenanceEntry> entries = new ArrayList<>();
    List<dev.sheaf.catalog.sources.SyncError> errors = List.of();
  }

  private Written write(
      SyncRequest request,
      Optional<Table> existing,
      SourceRows rows,
      String runId,
      AtomicBoolean cancel) {
    String name = request.schema() + "." + request.table();
    List<SheafColumn> tableColumns =
        existing.map(table -> IcebergSchemas.columns(table.schema())).orElse(List.of());
    existing.ifPresent(table -> checkKey(table, request));
    for (String key : request.keys()) {
      requireSourceColumn(rows, key, "key");
    }
    if (request.cursor() != null) {
      int at = requireSourceColumn(rows, request.cursor(), "cursor");
      SyncCursor.check(request.cursor(), rows.columns().get(at).type());
    }
    SyncColumns columns = SyncColumns.of(name, rows.columns(), tableColumns);
    int[] keyAt = new int[request.keys().size()];
    for (int k = 0; k < keyAt.length; k++) {
      keyAt[k] = SyncColumns.indexOf(columns.table(), request.keys().get(k));
    }
    SourceRowCheck.Checked checked =
        SourceRowCheck.check(
            rows, columns, keyAt, existing.isEmpty(), runId, request.schema(), request.table());
    Written written = new Written();
    written.errors = checked.errors();
    if (existing.isEmpty()) {
      createWithRows(request, columns, keyAt, checked, rows, runId, written);
    } else {
      merge(request, existing.get(), columns, keyAt, checked, rows, runId, written, cancel);
    }
    return written;
  }

  /** A table that does not exist: created from the source's columns with its rows, one commit. */
  private void createWithRows(
      SyncRequest request,
      SyncColumns columns,
      int[] keyAt,
      SourceRowCheck.Checked checked,
      SourceRows source,
      String runId,
      Written written) {
    List<SheafColumn> definition = new ArrayList<>();
    List<String> keyNames = new ArrayList<>();
    for (int t = 0; t < columns.table().size(); t++) {
      SheafColumn column = columns.table().get(t);
      boolean key = contains(keyAt, t);
      definition.add(new SheafColumn(column.name(), column.type(), !key));
    }
    for (int k : keyAt) {
      keyNames.add(columns.table().get(k).name());
    }
    NewTable created = catalog.newTable(request.schema(), request.table(), definition, keyNames);
    Table table = created.table();
    if (!checked.rows().isEmpty()) {
      append(table, definition, checked.rows());
    }
    created.commit();
    written.tableUuid = table.uuid().toString();
    written.inserted = checked.rows().size();
    written.version =
        checked.rows().isEmpty()
            ? null
            : TableVersions.head(catalog.loadTable(request.schema(), request.table()), null)
                .sequenceNumber();
    for (int i = 0; i < checked.rows().size(); i++) {
      written.entries.add(entry(request, runId, checked, source, keyAt, i, written.version));
    }
  }

  private void merge(
      SyncRequest request,
      Table table,
      SyncColumns columns,
      int[] keyAt,
      SourceRowCheck.Checked checked,
      SourceRows source,
      String runId,
      Written written,
      AtomicBoolean cancel) {
    for (SheafColumn added : columns.added()) {
      SchemaChanges.addColumn(table, added);
    }
    if (!columns.added().isEmpty()) {
      table.refresh();
    }
    written.tableUuid = table.uuid().toString();
    Snapshot base = TableVersions.head(table, null);
    List<String> keyNames = new ArrayList<>();
    for (int k : keyAt) {
      keyNames.add(columns.table().get(k).name());
    }
    // the columns the source gives, as the table names them, the key excluded: those compared
    // and written
    List<String> compared = new ArrayList<>();
    List<Integer> comparedAt = new ArrayList<>();
    for (int target : columns.targets()) {
      if (!contains(keyAt, target)) {
        compared.add(columns.table().get(target).name());
        comparedAt.add(target);
      }
    }
    Set<List<Object>> sourceKeys = new HashSet<>();
    for (Object[] row : checked.rows()) {
      sourceKeys.add(dev.sheaf.catalog.sources.SourceKeys.of(row, keyAt));
    }
    StoredKeys stored = StoredKeys.read(table, base, keyNames, compared, sourceKeys, cancel);
    checkCancel(cancel);
    Map<Long, Integer> matched = new HashMap<>();
    List<Integer> inserted = new ArrayList<>();
    for (int i = 0; i < checked.rows().size(); i++) {
      List<Object> key = dev.sheaf.catalog.sources.SourceKeys.of(checked.rows().get(i), keyAt);
      Long rowId = stored.rowIds().get(key);
      if (rowId == null) {
        inserted.add(i);
      } else {
        matched.put(rowId, i);
      }
    }
    Map<Long, Object[]> storedValues = stored.values();
    Map<Long, Object[]> updates = new HashMap<>();
    List<Integer> updatedRows = new ArrayList<>();
    for (Map.Entry<Long, Integer> match : matched.entrySet()) {
      Object[] row = checked.rows().get(match.getValue());
      Object[] before = storedValues.get(match.getKey());
      if (before != null && !changed(row, before, comparedAt)) {
        continue;
      }
      updates.put(match.getKey(), IcebergSchemas.storageRow(table.schema(), row, Map.of()));
      updatedRows.add(match.getValue());
    }
    Set<Long> deletes = new HashSet<>();
    if (request.deleteMissing()) {
      Set<List<Object>> present =
          source.allKeys() != null
              ? asTableKeys(source.allKeys(), columns, keyAt)
              : allKeys(source, columns, keyAt);
      stored
          .rowIds()
          .forEach(
              (key, rowId) -> {
                if (!present.contains(key) && !sourceKeys.contains(key)) {
                  deletes.add(rowId);
                }
              });
    }
    List<Object[]> inserts = new ArrayList<>(inserted.size());
    for (int i : inserted) {
      inserts.add(IcebergSchemas.storageRow(table.schema(), checked.rows().get(i), Map.of()));
    }
    checkCancel(cancel);
    if (updates.isEmpty() && deletes.isEmpty() && !inserts.isEmpty()) {
      // only new rows: the bulk ingest's parallel Parquet writer, one commit
      List<Object[]> rowsToInsert = new ArrayList<>(inserted.size());
      for (int i : inserted) {
        rowsToInsert.add(checked.rows().get(i));
      }
      append(table, columns.table(), rowsToInsert);
      table.refresh();
      written.version = TableVersions.head(table, null).sequenceNumber();
      written.inserted = rowsToInsert.size();
      for (int i : inserted) {
        written.entries.add(entry(request, runId, checked, source, keyAt, i, written.version));
      }
      return;
    }
    long version =
        writes.rewrite(
            table,
            null,
            base,
            WriteMode.Change.MERGE,
            updates,
            Set.copyOf(compared),
            deletes,
            inserts);
    written.version = version < 0 ? null : version;
    written.inserted = inserts.size();
    written.updated = updates.size();
    written.deleted = deletes.size();
    for (int i : inserted) {
      written.entries.add(entry(request, runId, checked, source, keyAt, i, written.version));
    }
    for (int i : updatedRows) {
      written.entries.add(entry(request, runId, checked, source, keyAt, i, written.version));
    }
  }

  /**
   * Appends rows (values in the order of {@code columns}, the table's user columns) through the
   * bulk ingest: Arrow batches written by its parallel Parquet writer, one commit, keys checked.
   */
  private void append(Table table, List<SheafColumn> columns, List<Object[]> rows) {
    List<ResultColumn> fields = new ArrayList<>();
    int[] positions = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      SheafColumn column = columns.get(c);
      fields.add(new ResultColumn(column.name(), column.type(), column.nullable()));
      positions[c] = c;
    }
    try (ArrowReader batches =
        RowBatchReader.ofSheafValues(allocator, Linq4j.enumerator(rows), fields, positions)) {
      new ArrowIngest(writes, allocator).ingest(table, null, batches, false);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The keys of every source row read, refused rows included (a row refused for a bad value still
   * exists at the source, so DELETE MISSING keeps its table row), as the table holds them.
   */
  private static Set<List<Object>> allKeys(SourceRows source, SyncColumns columns, int[] keyAt) {
    Set<List<Object>> keys = new HashSet<>();
    for (Object[] values : source.rows()) {
      Object[] row = new Object[columns.table().size()];
      for (int s = 0; s < values.length; s++) {
        int t = columns.targets()[s];
        row[t] = SyncColumns.convert(values[s], columns.table().get(t).type());
      }
      keys.add(dev.sheaf.catalog.sources.SourceKeys.of(row, keyAt));
    }
    return keys;
  }

  /**
   * The keys a source listed, in the source's types, as the table's key columns hold them (a CSV's
   * BIGINT key into an INTEGER column), so they compare equal to the stored keys.
   */
  private static Set<List<Object>> asTableKeys(
      Set<List<Object>> keys, SyncColumns columns, int[] keyAt) {
    Set<List<Object>> converted = new HashSet<>(keys.size() * 2);
    for (List<Object> key : keys) {
      List<Object> values = new ArrayList<>(key.size());
      for (int k = 0; k < key.size(); k++) {
        values.add(SyncColumns.convert(key.get(k), columns.table().get(keyAt[k]).type()));
      }
      converted.add(values);
    }
    return converted;
  }

  private static boolean changed(Object[] row, Object[] stored, List<Integer> comparedAt) {
    for (int c = 0; c < comparedAt.size(); c++) {
      Object now = row[comparedAt.get(c)];
      Object before = stored[c + 1];
      if (now instanceof byte[] a && before instanceof byte[] b) {
        if (!java.util.Arrays.equals(a, b)) {
          return true;
        }
      } else if (now instanceof java.math.BigDecimal a
          && before instanceof java.math.BigDecimal b) {
        if (a.compareTo(b) != 0) {
          return true;
        }
      } else if (!java.util.Objects.equals(now, before)) {
        return true;
      }
    }
    return false;
  }

  private static ProvenanceEntry entry(
      SyncRequest request,
      String runId,
      SourceRowCheck.Checked checked,
      SourceRows source,
      int[] keyAt,
      int i,
      Long version) {
    int sourceIndex = checked.sourceIndex().get(i);
    return new ProvenanceEntry(
        runId,
        request.schema(),
        request.table(),
        SourceRowCheck.keyText(
            dev.sheaf.catalog.sources.SourceKeys.of(checked.rows().get(i), keyAt)),
        source.origin(sourceIndex),
        null,
        null,
        null,
        version,
        System.currentTimeMillis());
  }

  /** The cursor after a sync: the greatest cursor value among the rows it read. */
  private void saveCursor(SyncRequest request, SourceRows rows, String tableUuid) {
    if (request.cursor() == null || tableUuid == null) {
      return;
    }
    int at = rows.indexOf(request.cursor());
    Object greatest = null;
    for (Object[] row : rows.rows()) {
      Object value = row[at];
      if (value != null && (greatest == null || SyncCursor.compare(value, greatest) > 0)) {
        greatest = value;
      }
    }
    if (greatest != null) {
      catalog
          .syncCursors()
          .save(
              tableUuid,
              request.source(),
              new SyncCursor(request.cursor(), rows.columns().get(at).type(), greatest));
    }
  }

  private Optional<SyncCursor> lastCursor(Table table, SyncRequest request) {
    if (request.cursor() == null) {
      return Optional.empty();
    }
    return catalog
        .syncCursors()
        .find(table.uuid().toString(), request.source())
        .filter(cursor -> cursor.column().equalsIgnoreCase(request.cursor()));
  }

  private static void checkKey(Table table, SyncRequest request) {
    List<String> primaryKey = IcebergSchemas.primaryKey(table.schema());
    if (primaryKey.isEmpty()) {
      return;
    }
    List<String> lower =
        primaryKey.stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).sorted().toList();
    List<String> asked =
        request.keys().stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).sorted().toList();
    if (!lower.equals(asked)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot sync table %s by key %s: its primary key is %s (sync by KEY (%s))",
          request.table(),
          request.keys(),
          primaryKey,
          String.join(", ", primaryKey));
    }
  }

  private static void refuseComputed(Table table, SyncRequest request) {
    if (dev.sheaf.planner.views.IteratorViewDefinition.of(table).isPresent()) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot sync into %s: it is an iterator view, whose rows follow its base table (sync into"
              + " the base table)",
          request.table());
    }
    if (!ComputedColumns.of(table).isEmpty()) {
      throw SheafException.of(
          ErrorCode.NOT_SUPPORTED,
          "Cannot sync table %s: it has computed columns, which a sync does not fill yet (sync"
              + " into a table of plain columns and define a view over it)",
          request.table());
    }
  }

  private static int requireSourceColumn(SourceRows rows, String column, String role) {
    int at = rows.indexOf(column);
    if (at < 0) {
      throw SheafException.of(
          ErrorCode.COLUMN_NOT_FOUND,
          "Cannot sync by %s column %s: the source has no such column (its columns are %s)",
          role,
          column,
          rows.columns().stream().map(SheafColumn::name).toList());
    }
    return at;
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }

  private static void checkCancel(AtomicBoolean cancel) {
    if (cancel.get()) {
      throw SheafException.of(ErrorCode.CANCELLED, "Cannot finish the sync: it was cancelled");
    }
  }

  private static String failureMessage(RuntimeException e) {
    return e instanceof SheafException sheaf
        ? sheaf.code().name() + ": " + sheaf.getMessage()
        : e.getClass().getSimpleName();
  }
}
