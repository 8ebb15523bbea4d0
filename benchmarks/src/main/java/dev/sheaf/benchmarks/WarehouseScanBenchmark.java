package dev.sheaf.benchmarks;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.config.WarehouseCacheSettings;
import dev.sheaf.planner.SheafEngine;
import dev.sheaf.testing.S3TestServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark table's full scan ({@link ScanBenchmark}) on an S3 warehouse (S3Proxy on loopback,
 * in its own JVM) against the same table on local disk, and the bulk ingest that filled each: the
 * ratio the S3 warehouse is held to is S3 scan / local scan throughput. The S3 scan is measured
 * cold (a fresh warehouse cache: every data file downloaded) and warm (read from the cache, as
 * every epoch after the first).
 *
 * <pre>WarehouseScanBenchmark --dir DIR [--rows N] [--runs R]</pre>
 */
public final class WarehouseScanBenchmark {
  private WarehouseScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    long rows = 1_000_000;
    int runs = 3;
    for (int i = 0; i < args.length; i += 2) {
      String value = requireNonNull(i + 1 < args.length ? args[i + 1] : null, args[i] + " value");
      switch (args[i]) {
        case "--dir" -> dir = Path.of(value);
        case "--rows" -> rows = Long.parseLong(value);
        case "--runs" -> runs = Integer.parseInt(value);
        default ->
            throw new IllegalArgumentException(
                "Cannot run the warehouse benchmark: unknown option '"
                    + args[i]
                    + "' (usage: --dir DIR [--rows N] [--runs R])");
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("Cannot run the warehouse benchmark: give --dir DIR");
    }
    run(dir, rows, runs, System.out);
  }

  static List<Map<String, Object>> run(Path dir, long rows, int runs, PrintStream out)
      throws Exception {
    List<Map<String, Object>> figures = new ArrayList<>();
    Files.createDirectories(dir);
    try (S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
      CatalogConfig local = CatalogConfig.embedded(dir.resolve("local"));
      CatalogConfig remote =
          CatalogConfig.embedded(dir.resolve("remote"))
              .withWarehouse(s3.location("bench-warehouse"))
              .withS3(
                  S3Settings.defaults()
                      .withEndpoint(s3.endpoint().toString())
                      .withRegion(s3.region())
                      .withCredentials(s3.accessKeyId(), s3.secretAccessKey())
                      .withPathStyleAccess(true));
      for (CatalogConfig config : List.of(local, remote)) {
        String store = config.isS3Warehouse() ? "s3" : "local";
        try (SheafEngine engine = SheafEngine.open(config)) {
          engine
              .catalog()
              .createTable(
                  ExampleTable.SCHEMA, ExampleTable.NAME, ExampleTable.COLUMNS, List.of(), false);
          InsertBenchmark.Fill fill = new InsertBenchmark(engine).fill(rows);
          emit(
              out,
              figures,
              "ingest",
              store,
              rows,
              List.of(fill.totalSeconds()),
              fill.rows() / fill.totalSeconds());
          if (!config.isS3Warehouse()) {
            scan(out, figures, engine, "scan", store, rows, runs);
          }
        }
        if (config.isS3Warehouse()) {
          // a fresh cache: the first scan downloads every data file, as on a new server
          CatalogConfig cold =
              config.withWarehouseCache(
                  WarehouseCacheSettings.defaults(dir.resolve("remote-cold-cache")));
          try (SheafEngine engine = SheafEngine.open(cold)) {
            long begin = System.nanoTime();
            long read = new ScanBenchmark(engine).run();
            double seconds = (System.nanoTime() - begin) / 1e9;
            check(read, rows);
            emit(out, figures, "scan_cold", store, rows, List.of(seconds), rows / seconds);
            scan(out, figures, engine, "scan", store, rows, runs);
          }
        }
      }
    }
    return figures;
  }

  private static void scan(
      PrintStream out,
      List<Map<String, Object>> figures,
      SheafEngine engine,
      String name,
      String store,
      long rows,
      int runs) {
    ScanBenchmark scan = new ScanBenchmark(engine);
    AtomicLong read = new AtomicLong();
    RunTimes times = RunTimes.measure(runs, () -> read.set(scan.run()));
    check(read.get(), rows);
    emit(out, figures, name, store, rows, times.seconds(), rows / times.best());
  }

  private static void check(long read, long rows) {
    if (read != rows) {
      throw new IllegalStateException(
          "Cannot trust the scan: it read " + read + " rows of " + rows);
    }
  }

  private static void emit(
      PrintStream out,
      List<Map<String, Object>> figures,
      String benchmark,
      String store,
      long rows,
      List<Double> seconds,
      double rowsPerSecond) {
    Map<String, Object> figure = new LinkedHashMap<>();
    figure.put("benchmark", benchmark);
    figure.put("store", store);
    figure.put("rows", rows);
    figure.put("runs_seconds", seconds);
    figure.put("rows_per_second", rowsPerSecond);
    figures.add(figure);
    out.println(JsonLine.of(figure));
    out.flush();
  }
}
