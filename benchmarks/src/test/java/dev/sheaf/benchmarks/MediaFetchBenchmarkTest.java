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

/** Keeps the media fetch benchmark runnable on a few objects; timings are never asserted. */
class MediaFetchBenchmarkTest {
  @TempDir Path directory;

  @Test
  void producesTheFiguresOfEveryRun() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Map<String, Object>> figures;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      figures = MediaFetchBenchmark.run(directory, 30, 10_000, 4, 2, out);
    }
    assertThat(figures).hasSize(2);
    assertThat(figures.get(0))
        .containsEntry("benchmark", "media_fetch")
        .containsEntry("objects", 30)
        .containsKeys("cold_cache_seconds", "plain_sdk_seconds", "warm_cache_seconds");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
  }
}
