package dev.sheaf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the document chunking benchmark runnable on two small PDFs; timings are never asserted. */
class DocumentChunkBenchmarkTest {
  @TempDir Path directory;

  @Test
  void chunksTheGeneratedPdfs() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Map<String, Object> figure;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      figure = DocumentChunkBenchmark.run(directory, 2, 3, 1, out);
    }
    assertThat(figure)
        .containsEntry("benchmark", "document_chunks")
        .containsEntry("documents", 2)
        .containsEntry("pages", 6L)
        .containsKeys("chunks_per_second", "pages_per_second");
    assertThat((Long) figure.get("chunks")).isGreaterThanOrEqualTo(6L);
    assertThat((Long) figure.get("max_tokens_seen")).isLessThanOrEqualTo(256L);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }
}
