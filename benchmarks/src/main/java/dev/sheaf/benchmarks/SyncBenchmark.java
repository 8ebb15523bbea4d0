package dev.sheaf.benchmarks;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.SheafEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * SYNC TABLE from PostgreSQL: a first sync of N rows (the table created from the source, one
 * version), then an incremental sync after 1% of the rows changed (read by the cursor column,
 * indexed), then a sync with nothing changed. Peers on the same rows in the same run: a plain JDBC
 * read of them (every value fetched, 10,000 rows a fetch: the floor of reading them from Java) and
 * {@code psql \copy (SELECT ...) TO file CSV} (PostgreSQL's own export). Prints one JSON line per
 * figure.
 *
 * <pre>SyncBenchmark --dir DIR --port PGPORT [--rows N] [--psql PATH] [--table NAME]</pre>
 */
final class SyncBenchmark {

  private SyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int port = 55432;
    long rows = 1_000_000;
    String psql = "psql";
    String table = "sync_bench";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--rows" -> rows = Long.parseLong(args[i + 1]);
        case "--psql" -> psql = args[i + 1];
        case "--table" -> table = args[i + 1];
        default -> throw new IllegalArgumentException("Cannot read argument " + args[i]);
      }
    }
    requireNonNull(dir, "give --dir DIR");
    Files.createDirectories(dir);
    String jdbc = "jdbc:postgresql://127.0.0.1:" + port + "/sheaf";
    try (Connection postgres = DriverManager.getConnection(jdbc, "sheaf", "sheaf")) {
      fill(postgres, table, rows);
      String all = "SELECT * FROM " + table;
      figure("jdbc_read_all", rows, timeJdbc(postgres, all));
      figure("psql_copy_all", rows, timePsql(psql, port, all, dir.resolve("all.csv")));
      try (SheafEngine engine = SheafEngine.open(dir.resolve("sheaf"))) {
        update(
            engine,
            "CREATE SOURCE bench FROM 'postgresql://sheaf@127.0.0.1:"
                + port
                + "/sheaf' TABLE "
                + table);
        String sync = "SYNC TABLE synced FROM SOURCE bench KEY (id) CURSOR updated_at";
        syncFigure(engine, "sync_initial", sync);
        String changed;
        try (Statement statement = postgres.createStatement()) {
          statement.execute(
              "UPDATE "
                  + table
                  + " SET score = score + 1, updated_at = updated_at + interval '1000"
                  + " days' WHERE id % 100 = 0");
          statement.execute("ANALYZE " + table);
        }
        changed =
            all
                + " WHERE updated_at > TIMESTAMP '2026-01-01 00:00:00' + interval '"
                + rows
                + " seconds'";
        long changedRows = rows / 100;
        figure("jdbc_read_changed", changedRows, timeJdbc(postgres, changed));
        figure(
            "psql_copy_changed",
            changedRows,
            timePsql(psql, port, changed, dir.resolve("changed.csv")));
        syncFigure(engine, "sync_incremental_1pct", sync);
        syncFigure(engine, "sync_unchanged", sync);
        List<Object> check = firstRow(engine, "SELECT count(*), sum(score) FROM synced");
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("check", "synced table");
        line.put("rows", check.get(0));
        line.put("sum_score", check.get(1));
        System.out.println(JsonLine.of(line));
      }
      try (Statement statement = postgres.createStatement()) {
        statement.execute("DROP TABLE " + table);
      }
    }
  }

  private static void fill(Connection postgres, String table, long rows) throws SQLException {
    try (Statement statement = postgres.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
      statement.execute(
          "CREATE TABLE "
              + table
              + " (id BIGINT PRIMARY KEY, label TEXT NOT NULL, score DOUBLE"
              + " PRECISION, category INTEGER, updated_at TIMESTAMP NOT NULL)");
      statement.execute(
          "INSERT INTO "
              + table
              + " SELECT g, 'label-' || (g % 1000), (g % 997) / 10.0,"
              + " (g % 50)::int, TIMESTAMP '2026-01-01 00:00:00' + g * interval '1 second'"
              + " FROM generate_series(1, "
              + rows
              + ") g");
      statement.execute("CREATE INDEX ON " + table + " (updated_at)");
      statement.execute("VACUUM ANALYZE " + table);
    }
  }

  private static void syncFigure(SheafEngine engine, String name, String sync) throws IOException {
    long start = System.nanoTime();
    List<Object> row = firstRow(engine, sync);
    double seconds = (System.nanoTime() - start) / 1e9;
    long written = (Long) row.get(0) + (Long) row.get(1) + (Long) row.get(2);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("benchmark", name);
    line.put("seconds", seconds);
    line.put("rows_written", written);
    line.put("rows_per_second", written == 0 ? 0 : written / seconds);
    line.put("inserted", row.get(0));
    line.put("updated", row.get(1));
    line.put("version", row.get(4));
    line.put(
        "phases",
        firstRow(
                engine,
                "SELECT message FROM sys.provenance_runs WHERE run_id = '" + row.get(5) + "'")
            .get(0));
    System.out.println(JsonLine.of(line));
  }

  private static void figure(String name, long rows, double seconds) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("benchmark", name);
    line.put("seconds", seconds);
    line.put("rows", rows);
    line.put("rows_per_second", rows / seconds);
    System.out.println(JsonLine.of(line));
  }

  private static double timeJdbc(Connection postgres, String sql) throws SQLException {
    long start = System.nanoTime();
    postgres.setAutoCommit(false);
    long count = 0;
    try (PreparedStatement select = postgres.prepareStatement(sql)) {
      select.setFetchSize(10_000);
      try (ResultSet result = select.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          for (int c = 1; c <= columns; c++) {
            result.getObject(c);
          }
          count++;
        }
      }
    }
    postgres.commit();
    postgres.setAutoCommit(true);
    if (count == 0) {
      throw new IllegalStateException("read no rows: " + sql);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double timePsql(String psql, int port, String sql, Path file)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                psql,
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-U",
                "sheaf",
                "-d",
                "sheaf",
                "-c",
                "\\copy (" + sql + ") TO '" + file + "' CSV HEADER")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("PGPASSWORD", "sheaf");
    long start = System.nanoTime();
    int exit = builder.start().waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("psql failed (exit " + exit + ")");
    }
    Files.deleteIfExists(file);
    return seconds;
  }

  /** The first row of a statement's result, as Java values (text as String). */
  private static List<Object> firstRow(SheafEngine engine, String sql) throws IOException {
    try (var result = engine.execute(sql)) {
      ArrowReader reader = result.rows();
      if (!reader.loadNextBatch()) {
        throw new IllegalStateException("no rows: " + sql);
      }
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<Object> row = new ArrayList<>();
      for (FieldVector vector : root.getFieldVectors()) {
        Object value = vector.getObject(0);
        row.add(value instanceof org.apache.arrow.vector.util.Text text ? text.toString() : value);
      }
      return row;
    }
  }

  private static void update(SheafEngine engine, String sql) {
    try (var result = engine.execute(sql)) {
      result.updateCount();
    }
  }
}
