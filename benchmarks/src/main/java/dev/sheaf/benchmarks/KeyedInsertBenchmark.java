package dev.sheaf.benchmarks;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.NewKeys;
import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.planner.SheafEngine;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterator;

/**
 * The primary key check of a write on a large keyed table: the benchmark table with {@code id} as
 * its primary key, filled by bulk ingest (1M-row commits, each checking its keys), then a one-row
 * INSERT of a new key as a user sees it, and the key check alone ({@link NewKeys}: files pruned by
 * the key's statistics, key columns of the rest read) against the check before it (every key of the
 * table read into a heap set), on the same snapshot. Prints one JSON line per figure.
 *
 * <pre>KeyedInsertBenchmark --dir DIR [--rows N] [--runs R]</pre>
 */
final class KeyedInsertBenchmark {
  private KeyedInsertBenchmark() {}

  public static void main(String[] args) {
    Path dir = null;
    long rows = 5_000_000;
    int runs = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--rows" -> rows = Long.parseLong(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Cannot read argument " + args[i]);
      }
    }
    requireNonNull(dir, "give --dir DIR");
    try (SheafEngine engine = SheafEngine.open(dir)) {
      SheafCatalog catalog = engine.catalog();
      List<SheafColumn> columns = new ArrayList<>(ExampleTable.COLUMNS);
      columns.set(0, new SheafColumn("id", columns.get(0).type(), false));
      catalog.createTable(ExampleTable.SCHEMA, ExampleTable.NAME, columns, List.of("id"), false);
      InsertBenchmark.Fill fill = new InsertBenchmark(engine).fill(rows);
      Map<String, Object> filled = new LinkedHashMap<>();
      filled.put("benchmark", "keyed_bulk_insert");
      filled.put("rows", rows);
      filled.put("commit_seconds", fill.commitSeconds());
      emit(filled);

      AtomicLong next = new AtomicLong(rows);
      RunTimes insert =
          RunTimes.measure(
              runs,
              () ->
                  engine
                      .execute(
                          "INSERT INTO "
                              + ExampleTable.NAME
                              + " (id) VALUES ("
                              + next.getAndIncrement()
                              + ")")
                      .close());
      Map<String, Object> inserted = new LinkedHashMap<>();
      inserted.put("benchmark", "keyed_one_row_insert");
      inserted.put("rows", rows);
      inserted.put("best_seconds", insert.best());
      inserted.put("runs_seconds", insert.seconds());
      emit(inserted);

      Table table = catalog.loadTable(ExampleTable.SCHEMA, ExampleTable.NAME);
      Snapshot snapshot = table.currentSnapshot();
      NewKeys fresh = keys(table, columns.size(), next.get());
      long middle = rows / 2;
      NewKeys taken = keys(table, columns.size(), middle);
      RunTimes freshLookup = RunTimes.measure(runs, () -> fresh.checkAbsent(snapshot, Set.of()));
      RunTimes takenLookup =
          RunTimes.measure(
              runs,
              () -> {
                try {
                  taken.checkAbsent(snapshot, Set.of());
                  throw new IllegalStateException("key " + middle + " was not found");
                } catch (SheafException expected) {
                  // DUPLICATE_KEY: found
                }
              });
      RunTimes everyKey = RunTimes.measure(runs, () -> everyKey(table, snapshot));
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("benchmark", "key_check_one_key");
      check.put("rows", rows);
      check.put("files", snapshot.summary().get("total-data-files"));
      check.put("new_key_best_seconds", freshLookup.best());
      check.put("taken_key_best_seconds", takenLookup.best());
      check.put("every_key_best_seconds", everyKey.best());
      emit(check);
    }
  }

  /** The keys of one row whose id is {@code id}. */
  private static NewKeys keys(Table table, int width, long id) {
    Object[] row = new Object[width];
    row[0] = id;
    return NewKeys.of(table, List.<Object[]>of(row));
  }

  /** The check before {@link NewKeys}: every key of the snapshot into a heap set. */
  private static int everyKey(Table table, Snapshot snapshot) {
    TableRowReader reader =
        new TableRowReader(table, table.schema(), List.of(IcebergSchemas.ROWID, "id"));
    Set<List<Object>> seen = new HashSet<>();
    try (CloseableIterator<Object[]> all =
        reader.readAll(snapshot.snapshotId(), Expressions.alwaysTrue())) {
      while (all.hasNext()) {
        seen.add(List.of(all.next()[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seen.size();
  }

  private static void emit(Map<String, Object> figure) {
    System.out.println(JsonLine.of(figure));
    System.out.flush();
  }
}
