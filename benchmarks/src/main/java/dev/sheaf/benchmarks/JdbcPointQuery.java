package dev.sheaf.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Point-query latency through the Flight SQL JDBC driver, as a BI tool sees it: one connection, one
 * prepared statement {@code SELECT * FROM bench_examples WHERE id = ?} executed with a new key each
 * time, warm (the first {@link #WARM_UP} executions are not timed). Prints one JSON line.
 *
 * <pre>JdbcPointQuery PORT ROWS QUERIES [TABLE]</pre>
 *
 * <p>TABLE (default {@code bench_examples}) must have ids 0 to ROWS - 1: a small table measures
 * everything but the Parquet decode.
 */
public final class JdbcPointQuery {
  static final int WARM_UP = 20;

  private JdbcPointQuery() {}

  public static void main(String[] args) throws SQLException {
    int port = Integer.parseInt(args[0]);
    long rows = Long.parseLong(args[1]);
    int queries = Integer.parseInt(args[2]);
    String table = args.length > 3 ? args[3] : ExampleTable.NAME;
    String url = "jdbc:arrow-flight-sql://127.0.0.1:" + port + "/?useEncryption=false";
    List<Double> millis = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement statement =
            connection.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
      for (int i = 0; i < WARM_UP + queries; i++) {
        long key = (i * 7_919L) % rows;
        long begin = System.nanoTime();
        statement.setLong(1, key);
        int found = 0;
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            if (result.getLong("id") != key) {
              throw new IllegalStateException("row " + result.getLong("id") + " for key " + key);
            }
            found++;
          }
        }
        double elapsed = (System.nanoTime() - begin) / 1e6;
        if (found != 1) {
          throw new IllegalStateException(found + " rows for key " + key);
        }
        if (i >= WARM_UP) {
          millis.add(elapsed);
        }
      }
    }
    Collections.sort(millis);
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"benchmark\":\"jdbc_point_query\",\"queries\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f}",
            queries,
            percentile(millis, 50),
            percentile(millis, 99)));
  }

  private static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.round(p / 100 * (sorted.size() - 1));
    return sorted.get(Math.min(sorted.size() - 1, index));
  }
}
