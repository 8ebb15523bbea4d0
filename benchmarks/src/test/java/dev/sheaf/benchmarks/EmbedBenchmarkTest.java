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

/** Keeps the embedding backfill benchmark runnable on a few rows; timings are never asserted. */
class EmbedBenchmarkTest {
  @TempDir Path directory;

  @Test
  void producesTheFiguresOfEveryRun() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Map<String, Object>> figures;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      figures = EmbedBenchmark.run(directory, 40, 1, 16, out);
    }
    assertThat(figures).hasSize(1);
    assertThat(figures.get(0))
        .containsEntry("benchmark", "embed_backfill")
        .containsEntry("rows", 40)
        .containsKeys("sheaf_rows_per_second", "plain_java_rows_per_second");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }

  @Test
  void captionsAreThoseThePythonPeerMakes() {
    // benchmarks/python/embed_peer.py caption(0) and caption(12345)
    assertThat(Captions.of(0)).isEqualTo("a small cat sits on a sofa with a small dog, photo 0");
    assertThat(Captions.of(12345))
        .isEqualTo("a sleepy tree rolls in a sunny kitchen with a calm tree, photo 12345");
  }
}
