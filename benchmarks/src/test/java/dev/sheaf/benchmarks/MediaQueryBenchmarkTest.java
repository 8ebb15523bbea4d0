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

/** Keeps the media query benchmark runnable on a few objects; timings are never asserted. */
class MediaQueryBenchmarkTest {
  @TempDir Path directory;

  @Test
  void producesTheFiguresOfEveryRun() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Map<String, Object>> figures;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      figures = MediaQueryBenchmark.run(directory, 20, 1, out);
    }
    assertThat(figures).hasSize(1);
    assertThat(figures.get(0))
        .containsEntry("benchmark", "media_query")
        .containsEntry("objects", 20)
        .containsKeys("fetch_cold_seconds", "fetch_warm_seconds", "width_cold_seconds");
    assertThat((Long) figures.get(0).get("fetch_bytes")).isPositive();
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }
}
