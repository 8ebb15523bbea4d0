package dev.sheaf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark harness runnable: runs it end to end on a small table and checks that every
 * figure came out. Timings are printed, never asserted.
 */
class BenchmarkRunnerTest {
  private static final long ROWS = 20_000;

  @TempDir Path directory;

  @Test
  void producesEveryFigureAndReusesTheTable() {
    var options = new BenchmarkRunner.Options(directory, ROWS, 1, Optional.empty());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Map<String, Object>> figures;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      figures = BenchmarkRunner.run(options, out);
    }
    assertThat(figures)
        .extracting(figure -> figure.get("benchmark"))
        .containsExactly("insert", "table", "scan", "filter_aggregate");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .hasSize(4)
        .allMatch(line -> line.startsWith("{\"benchmark\":"));

    Map<String, Object> insert = figures.get(0);
    assertThat(insert).containsEntry("rows", ROWS).containsKey("rows_per_second");
    Map<String, Object> table = figures.get(1);
    assertThat(table).containsEntry("rows", ROWS).containsEntry("reused", false);
    assertThat((List<?>) table.get("files"))
        .hasSize(
            (int) ((ROWS + InsertBenchmark.ROWS_PER_COMMIT - 1) / InsertBenchmark.ROWS_PER_COMMIT))
        .allSatisfy(file -> assertThat(file.toString()).endsWith(".parquet"));
    assertThat(figures.get(2)).containsEntry("rows", ROWS).containsKey("rows_per_second");

    Map<String, Object> aggregate = figures.get(3);
    assertThat((List<?>) aggregate.get("result")).hasSize(ExampleTable.LABELS.size());
    assertThat((Long) aggregate.get("matched_rows")).isBetween(ROWS / 200, ROWS / 50);
    assertThat(aggregate).containsKey("best_seconds");

    List<Map<String, Object>> again =
        BenchmarkRunner.run(
            new BenchmarkRunner.Options(directory, ROWS, 1, Optional.of("scan")),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(again)
        .extracting(figure -> figure.get("benchmark"))
        .containsExactly("table", "scan");
    assertThat(again.get(0)).containsEntry("reused", true);
  }

  @Test
  void rowsDependOnlyOnTheirIndex() {
    assertThat(ExampleTable.row(12_345)).containsExactly(ExampleTable.row(12_345));
    assertThat(ExampleTable.row(1)).hasSize(ExampleTable.COLUMNS.size());
  }
}
