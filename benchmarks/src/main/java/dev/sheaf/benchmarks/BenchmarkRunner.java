package dev.sheaf.benchmarks;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.planner.SheafEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.Table;

/**
 * Runs the benchmarks against a data directory and prints one JSON line per figure on stdout:
 * {@code insert} (when the table had to be filled), {@code table} (its Parquet files, for the
 * peers), {@code scan} and {@code filter_aggregate}. An existing benchmark table with the asked row
 * count is reused; one with another count is dropped and filled again.
 *
 * <pre>BenchmarkRunner --data-dir DIR [--rows N] [--runs R] [--only scan|filter_aggregate]</pre>
 */
public final class BenchmarkRunner {
  static final Set<String> BENCHMARKS = Set.of("scan", "filter_aggregate");

  /** What to run: rows in the table, timed runs per benchmark, and optionally one benchmark. */
  record Options(Path dataDir, long rows, int runs, Optional<String> only) {
    Options {
      requireNonNull(dataDir, "dataDir is null");
      requireNonNull(only, "only is null");
      if (rows <= 0 || runs <= 0) {
        throw new IllegalArgumentException("rows and runs must be positive");
      }
      only.ifPresent(
          name -> {
            if (!BENCHMARKS.contains(name)) {
              throw new IllegalArgumentException(
                  "Cannot run benchmark '" + name + "': unknown (use one of " + BENCHMARKS + ")");
            }
          });
    }

    boolean runs(String benchmark) {
      return only.isEmpty() || only.get().equals(benchmark);
    }

    static Options parse(String... args) {
      Path dataDir = null;
      long rows = 10_000_000;
      int runs = 3;
      Optional<String> only = Optional.empty();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--data-dir" -> dataDir = Path.of(requireNonNull(value, "--data-dir needs a value"));
          case "--rows" -> rows = Long.parseLong(requireNonNull(value, "--rows needs a value"));
          case "--runs" -> runs = Integer.parseInt(requireNonNull(value, "--runs needs a value"));
          case "--only" -> only = Optional.of(requireNonNull(value, "--only needs a value"));
          default ->
              throw new IllegalArgumentException(
                  "Cannot read argument '"
                      + args[i]
                      + "' (usage: --data-dir DIR [--rows N] [--runs R] [--only scan|"
                      + "filter_aggregate])");
        }
        i++;
      }
      if (dataDir == null) {
        throw new IllegalArgumentException("Cannot run the benchmarks: give --data-dir DIR");
      }
      return new Options(dataDir, rows, runs, only);
    }
  }

  private BenchmarkRunner() {}

  public static void main(String[] args) {
    run(Options.parse(args), System.out);
  }

  /** Runs the benchmarks, prints each figure as a JSON line to {@code out} and returns them. */
  static List<Map<String, Object>> run(Options options, PrintStream out) {
    List<Map<String, Object>> figures = new ArrayList<>();
    try (SheafEngine engine = SheafEngine.open(options.dataDir())) {
      SheafCatalog catalog = engine.catalog();
      Optional<Table> existing = catalog.findTable(ExampleTable.SCHEMA, ExampleTable.NAME);
      boolean reused = existing.map(ExampleTable::rowCount).orElse(-1L) == options.rows();
      if (!reused) {
        existing.ifPresent(t -> catalog.dropTable(ExampleTable.SCHEMA, ExampleTable.NAME, false));
        catalog.createTable(
            ExampleTable.SCHEMA, ExampleTable.NAME, ExampleTable.COLUMNS, List.of(), false);
        InsertBenchmark.Fill fill = new InsertBenchmark(engine).fill(options.rows());
        emit(
            out,
            figures,
            figure(
                "insert",
                "rows",
                fill.measuredRows(),
                "batch_rows",
                InsertBenchmark.BATCH_ROWS,
                "seconds",
                fill.measuredSeconds(),
                "rows_per_second",
                fill.measuredRowsPerSecond(),
                "commits",
                fill.commitSeconds().size(),
                "first_commit_seconds",
                fill.firstCommitSeconds(),
                "fill_rows",
                fill.rows(),
                "fill_seconds",
                fill.totalSeconds()));
      }
      Table table = catalog.loadTable(ExampleTable.SCHEMA, ExampleTable.NAME);
      List<String> files = ExampleTable.dataFiles(table);
      emit(
          out,
          figures,
          figure(
              "table",
              "rows",
              ExampleTable.rowCount(table),
              "reused",
              reused,
              "snapshot_id",
              table.currentSnapshot().snapshotId(),
              "columns",
              ExampleTable.columnNames(),
              "file_count",
              files.size(),
              "files",
              files));
      if (options.runs("scan")) {
        emit(out, figures, scan(engine, options));
      }
      if (options.runs("filter_aggregate")) {
        emit(out, figures, filterAggregate(engine, options));
      }
    }
    return figures;
  }

  private static Map<String, Object> scan(SheafEngine engine, Options options) {
    ScanBenchmark scan = new ScanBenchmark(engine);
    AtomicLong rows = new AtomicLong();
    RunTimes times = RunTimes.measure(options.runs(), () -> rows.set(scan.run()));
    if (rows.get() != options.rows()) {
      throw new IllegalStateException(
          "Cannot trust the scan: it read " + rows.get() + " rows of " + options.rows());
    }
    return figure(
        "scan",
        "sql",
        ScanBenchmark.SQL,
        "rows",
        rows.get(),
        "runs_seconds",
        times.seconds(),
        "best_seconds",
        times.best(),
        "rows_per_second",
        rows.get() / times.best());
  }

  private static Map<String, Object> filterAggregate(SheafEngine engine, Options options) {
    FilterAggregateBenchmark query = new FilterAggregateBenchmark(engine);
    AtomicReference<List<List<Object>>> result = new AtomicReference<>();
    RunTimes times = RunTimes.measure(options.runs(), () -> result.set(query.run()));
    long matched = 0;
    for (List<Object> row : result.get()) {
      matched += ((Number) row.get(1)).longValue();
    }
    return figure(
        "filter_aggregate",
        "sql",
        FilterAggregateBenchmark.SQL,
        "sql_template",
        FilterAggregateBenchmark.SQL_TEMPLATE,
        "rows",
        options.rows(),
        "matched_rows",
        matched,
        "result",
        result.get(),
        "runs_seconds",
        times.seconds(),
        "best_seconds",
        times.best());
  }

  private static Map<String, Object> figure(String benchmark, Object... keysAndValues) {
    Map<String, Object> figure = new LinkedHashMap<>();
    figure.put("benchmark", benchmark);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      figure.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return figure;
  }

  private static void emit(
      PrintStream out, List<Map<String, Object>> figures, Map<String, Object> figure) {
    figures.add(figure);
    out.println(JsonLine.of(figure));
    out.flush();
  }
}
