package dev.sheaf.planner.views;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.TableWrites;
import dev.sheaf.catalog.WriteMode;
import dev.sheaf.catalog.computed.RowCompleter;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.compute.iterate.IteratorArguments;
import dev.sheaf.compute.iterate.MediaIterator;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Keeps iterator views up to date with their base tables. An iterator view is a table whose rows
 * are the iterator's rows of every base row (the base row's key, the iterator's columns, copies of
 * the base row's columns, and the base row's iterator error); each version of it records in its
 * snapshot summary ({@value IteratorViewDefinition#BASE_SNAPSHOT}) the base snapshot it reflects.
 * {@link #catchUp} compares the base's rows now with the copies the view holds and iterates only
 * base rows that are new or changed (an UPDATE of any copied column, the media cell included);
 * removed and changed base rows lose their view rows; all in one commit of the view.
 */
public final class IteratorViews {
  private final SheafCatalog catalog;
  private final TableWrites writes;
  private final MediaStores media;
  private final RowCompleter completer;

  /**
   * Iterates base cells, one per task: {@code sheaf.iterator-threads} threads (default one per
   * core), shared by every view of the process, daemons.
   */
  private static final java.util.concurrent.ExecutorService POOL =
      java.util.concurrent.Executors.newFixedThreadPool(
          Integer.getInteger("sheaf.iterator-threads", Runtime.getRuntime().availableProcessors()),
          task -> {
            Thread thread = new Thread(task, "sheaf-iterator");
            thread.setDaemon(true);
            return thread;
          });

  /** One catch-up at a time in this process (the engines of one JVM share it). */
  private static final Object LOCK = new Object();

  public IteratorViews(
      SheafCatalog catalog, TableWrites writes, MediaStores media, RowCompleter completer) {
    this.catalog = catalog;
    this.writes = writes;
    this.media = media;
    this.completer = completer;
  }

  /** The base snapshot a view version reflects ("none" for an empty base), or null. */
  public static String reflected(Snapshot viewSnapshot) {
    return viewSnapshot == null
        ? null
        : viewSnapshot.summary().get(IteratorViewDefinition.BASE_SNAPSHOT);
  }

  /** The base table of a view; VIEW_INVALID when it was dropped, renamed or replaced. */
  public Table base(String view, IteratorViewDefinition definition) {
    Table base = catalog.findTable(definition.baseSchema(), definition.baseTable()).orElse(null);
    if (base == null || !base.uuid().toString().equals(definition.baseUuid())) {
      throw SheafException.of(
          ErrorCode.VIEW_INVALID,
          "Cannot read iterator view '%s': its base table %s.%s was dropped or renamed (DROP VIEW"
              + " %s and create it again)",
          view,
          definition.baseSchema(),
          definition.baseTable(),
          view);
    }
    return base;
  }

  /** Brings an iterator view up to its base table's current version; true when it committed. */
  public boolean catchUp(Table view) {
    IteratorViewDefinition definition = IteratorViewDefinition.of(view).orElseThrow();
    synchronized (LOCK) {
      for (int attempt = 1; ; attempt++) {
        view.refresh();
        Table base = base(view.name(), definition);
        Snapshot head = base.currentSnapshot();
        String wanted = head == null ? "none" : String.valueOf(head.snapshotId());
        if (wanted.equals(reflected(view.currentSnapshot()))) {
          return false;
        }
        try {
          sync(view, definition, base, head, wanted);
          return true;
        } catch (SheafException e) {
          if (e.code() != ErrorCode.COMMIT_CONFLICT || attempt >= 5) {
            throw e;
          }
        }
      }
    }
  }

  private void sync(
      Table view, IteratorViewDefinition definition, Table base, Snapshot head, String wanted) {
    Schema baseSchema = base.schema();
    Schema viewSchema = view.schema();
    // base column -> view column, the pins of media columns with them
    Map<String, String> copies = new LinkedHashMap<>();
    definition.copiedColumns().forEach(copies::put);
    for (Map.Entry<String, String> copy : definition.copiedColumns().entrySet()) {
      String basePin = IcebergSchemas.pinColumn(copy.getKey());
      String viewPin = IcebergSchemas.pinColumn(copy.getValue());
      if (baseSchema.findField(basePin) != null && viewSchema.findField(viewPin) != null) {
        copies.put(basePin, viewPin);
      }
    }
    for (String column : copies.keySet()) {
      if (baseSchema.findField(column) == null) {
        throw SheafException.of(
            ErrorCode.VIEW_INVALID,
            "Cannot read iterator view '%s': column %s of its base table %s was dropped or"
                + " renamed (DROP VIEW %s and create it again)",
            view.name(),
            column,
            definition.baseTable(),
            view.name());
      }
    }
    List<String> baseNames = new ArrayList<>(copies.keySet());
    List<String> viewNames = new ArrayList<>(copies.values());

    Map<Long, Object[]> baseRows = new HashMap<>();
    if (head != null) {
      List<String> read = new ArrayList<>(List.of(IcebergSchemas.ROWID));
      read.addAll(baseNames);
      forEachRow(base, baseSchema, read, head, row -> baseRows.put((Long) row[0], tail(row)));
    }
    Map<Long, Object[]> held = new HashMap<>();
    Map<Long, List<Long>> viewRowIds = new HashMap<>();
    Snapshot viewHead = view.currentSnapshot();
    if (viewHead != null) {
      List<String> read =
          new ArrayList<>(List.of(IcebergSchemas.ROWID, IteratorViewDefinition.BASE_ROWID));
      read.addAll(viewNames);
      forEachRow(
          view,
          viewSchema,
          read,
          viewHead,
          row -> {
            Long baseRowId = (Long) row[1];
            viewRowIds.computeIfAbsent(baseRowId, id -> new ArrayList<>()).add((Long) row[0]);
            held.putIfAbsent(baseRowId, Arrays.copyOfRange(row, 2, row.length));
          });
    }
    Set<Long> deletes = new java.util.HashSet<>();
    Set<Long> iterate = new TreeSet<>();
    held.forEach(
        (baseRowId, copy) -> {
          Object[] now = baseRows.get(baseRowId);
          if (now == null || !Arrays.deepEquals(now, copy)) {
            deletes.addAll(viewRowIds.get(baseRowId));
          }
        });
    baseRows.forEach(
        (baseRowId, values) -> {
          Object[] copy = held.get(baseRowId);
          if (copy == null || !Arrays.deepEquals(values, copy)) {
            iterate.add(baseRowId);
          }
        });
    List<Object[]> inserts = iterate(view, definition, baseRows, iterate, viewNames);
    Map<String, String> summary = Map.of(IteratorViewDefinition.BASE_SNAPSHOT, wanted);
    if (deletes.isEmpty() && inserts.isEmpty()) {
      try {
        var append = view.newAppend();
        summary.forEach(append::set);
        append.commit();
      } catch (RuntimeException e) {
        throw new SheafException(
            ErrorCode.COMMIT_CONFLICT, "Cannot record the view's version: " + e.getMessage(), e);
      }
      return;
    }
    writes.rewrite(
        view,
        null,
        viewHead,
        WriteMode.Change.DELETE,
        Map.of(),
        Set.of(),
        deletes,
        inserts,
        summary);
  }

  /** The view's rows (storage order: every column but {@code _rowid}) of the base rows given. */
  private List<Object[]> iterate(
      Table view,
      IteratorViewDefinition definition,
      Map<Long, Object[]> baseRows,
      Set<Long> baseRowIds,
      List<String> viewNames) {
    MediaIterator iterator = definition.mediaIterator();
    IteratorArguments arguments = definition.boundArguments();
    List<SheafColumn> iteratorColumns = iterator.columns(arguments);
    List<String> all = view.schema().columns().stream().map(NestedField::name).toList();
    int rowIdAt = all.indexOf(IcebergSchemas.ROWID);
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      positions.put(all.get(i), i);
    }
    int mediaAt = viewNames.indexOf(definition.copiedColumns().get(definition.mediaColumn()));
    int pinAt =
        viewNames.indexOf(
            IcebergSchemas.pinColumn(definition.copiedColumns().get(definition.mediaColumn())));
    List<Object[]> rows = new ArrayList<>();
    // each base cell is iterated on the pool; the rows are gathered in base row order
    Map<Long, java.util.concurrent.Future<CellRows>> pending = new LinkedHashMap<>();
    for (long baseRowId : baseRowIds) {
      Object[] copy = baseRows.get(baseRowId);
      String cell = (String) copy[mediaAt];
      if (cell != null) {
        String pin = pinAt < 0 ? null : (String) copy[pinAt];
        pending.put(baseRowId, POOL.submit(() -> cellRows(iterator, arguments, cell, pin)));
      }
    }
    for (Map.Entry<Long, java.util.concurrent.Future<CellRows>> entry : pending.entrySet()) {
      long baseRowId = entry.getKey();
      Object[] copy = baseRows.get(baseRowId);
      CellRows cellRows = join(entry.getValue());
      List<Object[]> produced = cellRows.rows();
      String error = cellRows.error();
      if (error != null) {
        produced = List.<Object[]>of(new Object[iteratorColumns.size()]);
      }
      for (Object[] values : produced) {
        Object[] row = new Object[all.size()];
        row[positions.get(IteratorViewDefinition.BASE_ROWID)] = baseRowId;
        for (int i = 0; i < iteratorColumns.size(); i++) {
          row[positions.get(iteratorColumns.get(i).name())] = values[i];
        }
        for (int i = 0; i < viewNames.size(); i++) {
          row[positions.get(viewNames.get(i))] = copy[i];
        }
        row[positions.get(IteratorViewDefinition.ERROR_COLUMN)] = error;
        rows.add(row);
      }
    }
    completer.complete(view, rows);
    List<Object[]> storage = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      Object[] stored = new Object[all.size() - 1];
      for (int i = 0, j = 0; i < row.length; i++) {
        if (i != rowIdAt) {
          stored[j++] = row[i];
        }
      }
      storage.add(stored);
    }
    return storage;
  }

  /** The rows one cell gave, or the error it gave instead ({@code CODE: message}). */
  private record CellRows(List<Object[]> rows, String error) {}

  private CellRows cellRows(
      MediaIterator iterator, IteratorArguments arguments, String cell, String pin) {
    List<Object[]> produced = new ArrayList<>();
    try (MediaCellSource source = MediaCellSource.of(media, cell, pin)) {
      iterator.rows(source, arguments, produced::add);
      if (produced.isEmpty()) {
        // kept as an error row, so the base row is not iterated again at every catch-up
        return new CellRows(
            List.of(),
            ErrorCode.MEDIA_FORMAT_ERROR
                + ": Cannot iterate "
                + source.uri()
                + " with "
                + iterator.name()
                + ": it gave no rows (empty media?)");
      }
      return new CellRows(produced, null);
    } catch (SheafException e) {
      return new CellRows(List.of(), e.code() + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return new CellRows(
          List.of(), ErrorCode.MEDIA_FORMAT_ERROR + ": Cannot iterate " + cell + ": " + e);
    }
  }

  private static CellRows join(java.util.concurrent.Future<CellRows> rows) {
    try {
      return rows.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SheafException(
          ErrorCode.CANCELLED, "Cannot iterate the view's rows: interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new SheafException(
          ErrorCode.INTERNAL_ERROR, "Cannot iterate the view's rows: " + e.getCause(), e);
    }
  }

  private static Object[] tail(Object[] row) {
    return Arrays.copyOfRange(row, 1, row.length);
  }

  private static void forEachRow(
      Table table,
      Schema schema,
      List<String> columns,
      Snapshot snapshot,
      java.util.function.Consumer<Object[]> action) {
    TableRowReader reader = new TableRowReader(table, schema, columns);
    try (CloseableIterator<Object[]> rows =
        reader.readAll(snapshot.snapshotId(), Expressions.alwaysTrue())) {
      rows.forEachRemaining(action);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.STORAGE_ERROR, "Cannot read table " + table.name() + ": " + e.getMessage(), e);
    }
  }
}
