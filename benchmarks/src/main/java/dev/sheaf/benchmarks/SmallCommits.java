package dev.sheaf.benchmarks;

import dev.sheaf.planner.SheafEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One-row INSERTs, one commit each, on a fresh data directory: the statement's wall-clock time as a
 * user sees it, where a per-commit cost such as fsync shows most (benchmarks/run-fsync.sh runs it
 * with fsync on and off). Prints one JSON line.
 *
 * <pre>SmallCommits DIR [STATEMENTS]</pre>
 */
final class SmallCommits {
  private SmallCommits() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int statements = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    List<Double> seconds = new ArrayList<>();
    try (SheafEngine engine = SheafEngine.open(dir)) {
      run(engine, "CREATE TABLE small_commits (id BIGINT, note VARCHAR)");
      for (int i = 0; i <= statements; i++) {
        long start = System.nanoTime();
        run(engine, "INSERT INTO small_commits VALUES (" + i + ", 'row " + i + "')");
        if (i > 0) { // the first one warms the JVM up
          seconds.add((System.nanoTime() - start) / 1e9);
        }
      }
    }
    seconds.sort(null);
    Map<String, Object> figure = new LinkedHashMap<>();
    figure.put("benchmark", "small_commits");
    figure.put("statements", statements);
    figure.put("p50_seconds", seconds.get(seconds.size() / 2));
    figure.put("p99_seconds", seconds.get((int) Math.floor(seconds.size() * 0.99)));
    System.out.println(JsonLine.of(figure));
  }

  private static void run(SheafEngine engine, String sql) {
    try (var result = engine.execute(sql)) {
      result.updateCount();
    }
  }
}
