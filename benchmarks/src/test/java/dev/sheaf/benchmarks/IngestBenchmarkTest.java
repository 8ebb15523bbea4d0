package dev.sheaf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the media migration benchmark runnable on a few objects; timings are never asserted. */
class IngestBenchmarkTest {
  @TempDir Path directory;

  @Test
  void producesAFigurePerRun() throws Exception {
    Path rclone = Path.of("/usr/bin/rclone");
    assumeTrue(Files.isExecutable(rclone), "rclone is the peer (apt-get install -y rclone)");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      IngestBenchmark.run(directory, rclone.toString(), 20, 10_000, 4, 2, out);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .hasSize(2)
        .allMatch(
            line -> line.contains("\"benchmark\":\"media_ingest\"") && line.contains("ratio"));
  }
}
