package dev.sheaf.benchmarks;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.DeleteCompaction;
import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.planner.SheafEngine;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.Table;

/**
 * One-row UPDATE and DELETE on the benchmark table, written copy-on-write (the data file holding
 * the row is rewritten) and merge-on-read (a delete file plus the new row version), with the
 * statement's wall-clock time as a user sees it (planning, the scan that finds the row, the write,
 * the commit). Rows are picked at random, seeded, one statement at a time. Also measured: the
 * storage one version adds, and a full scan with the deletes left by the merge-on-read runs against
 * the same scan after {@link DeleteCompaction} folded them away. Prints one JSON line per figure.
 *
 * <pre>UpdateBenchmark --dir DIR [--rows N] [--runs R]</pre>
 */
final class UpdateBenchmark {
  private static final String SCAN = "SELECT sum(score), count(*) FROM " + ExampleTable.NAME;

  private UpdateBenchmark() {}

  public static void main(String[] args) {
    Path dir = null;
    long rows = 10_000_000;
    int runs = 15;
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
      if (catalog.findTable(ExampleTable.SCHEMA, ExampleTable.NAME).isEmpty()) {
        catalog.createTable(
            ExampleTable.SCHEMA, ExampleTable.NAME, ExampleTable.COLUMNS, List.of(), false);
        new InsertBenchmark(engine).fill(rows);
      }
      Random random = new Random(42);
      for (String mode : List.of("copy-on-write", "merge-on-read")) {
        table(catalog)
            .updateProperties()
            .set("write.update.mode", mode)
            .set("write.delete.mode", mode)
            .commit();
        emit(statements(engine, catalog, "update", mode, rows, runs, random));
        emit(statements(engine, catalog, "delete", mode, rows, runs, random));
      }
      emit(scanWithDeletes(engine, catalog));
    }
  }

  private static Map<String, Object> statements(
      SheafEngine engine,
      SheafCatalog catalog,
      String statement,
      String mode,
      long rows,
      int runs,
      Random random) {
    List<Double> seconds = new ArrayList<>();
    long addedBytes = 0;
    for (int i = 0; i <= runs; i++) {
      long id = Math.floorMod(random.nextLong(), rows);
      String sql =
          statement.equals("update")
              ? "UPDATE " + ExampleTable.NAME + " SET score = score + 1 WHERE id = " + id
              : "DELETE FROM " + ExampleTable.NAME + " WHERE id = " + id;
      long begin = System.nanoTime();
      engine.execute(sql).close();
      double took = (System.nanoTime() - begin) / 1e9;
      if (i > 0) { // the first statement warms the JIT up
        seconds.add(took);
        addedBytes +=
            Long.parseLong(
                table(catalog).currentSnapshot().summary().getOrDefault("added-files-size", "0"));
      }
    }
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    Map<String, Object> figure = new LinkedHashMap<>();
    figure.put("benchmark", "one_row_" + statement);
    figure.put("mode", mode);
    figure.put("rows", rows);
    figure.put("statements", seconds.size());
    figure.put("p50_seconds", sorted.get(sorted.size() / 2));
    figure.put("p90_seconds", sorted.get((int) Math.floor(sorted.size() * 0.9)));
    figure.put("bytes_added_per_version", addedBytes / seconds.size());
    figure.put("runs_seconds", seconds);
    return figure;
  }

  /** A full scan with the merge-on-read deletes in place, then after compacting them away. */
  private static Map<String, Object> scanWithDeletes(SheafEngine engine, SheafCatalog catalog) {
    String deleteFiles =
        table(catalog).currentSnapshot().summary().getOrDefault("total-delete-files", "0");
    RunTimes withDeletes = RunTimes.measure(3, () -> engine.execute(SCAN).close());
    int compacted = 0;
    double compactSeconds = 0;
    for (int attempt = 0; ; attempt++) {
      long begin = System.nanoTime();
      try {
        compacted = DeleteCompaction.compact(table(catalog));
        compactSeconds = (System.nanoTime() - begin) / 1e9;
        break;
      } catch (SheafException e) {
        // the background compaction the merge-on-read runs started committed first
        if (e.code() != ErrorCode.COMMIT_CONFLICT || attempt == 5) {
          throw e;
        }
      }
    }
    RunTimes compactedScan = RunTimes.measure(3, () -> engine.execute(SCAN).close());
    Map<String, Object> figure = new LinkedHashMap<>();
    figure.put("benchmark", "scan_with_deletes");
    figure.put("sql", SCAN);
    figure.put("delete_files", Long.parseLong(deleteFiles));
    figure.put("best_seconds_with_deletes", withDeletes.best());
    figure.put("compaction_seconds", compactSeconds);
    figure.put("delete_files_compacted", compacted);
    figure.put("best_seconds_after_compaction", compactedScan.best());
    return figure;
  }

  private static Table table(SheafCatalog catalog) {
    return catalog.loadTable(ExampleTable.SCHEMA, ExampleTable.NAME);
  }

  private static void emit(Map<String, Object> figure) {
    System.out.println(JsonLine.of(figure));
    System.out.flush();
  }
}
