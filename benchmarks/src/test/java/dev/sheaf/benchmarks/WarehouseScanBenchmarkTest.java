package dev.sheaf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the warehouse benchmark runnable on a few rows; timings are never asserted. */
class WarehouseScanBenchmarkTest {
  @TempDir Path directory;

  @Test
  void producesTheFiguresOfBothWarehouses() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Map<String, Object>> figures;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      figures = WarehouseScanBenchmark.run(directory, 5_000, 1, out);
    }
    assertThat(figures)
        .extracting(figure -> figure.get("benchmark") + "/" + figure.get("store"))
        .containsExactly("ingest/local", "scan/local", "ingest/s3", "scan_cold/s3", "scan/s3");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(5);
  }
}
