package dev.sheaf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the key check benchmark runnable on a few rows; timings are never asserted. */
class KeyedInsertBenchmarkTest {
  @TempDir Path directory;

  @Test
  void printsItsThreeFigures() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      KeyedInsertBenchmark.main(
          new String[] {"--dir", directory.toString(), "--rows", "5000", "--runs", "1"});
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(line -> line.startsWith("{"))
        .extracting(line -> line.substring(0, line.indexOf(',')))
        .containsExactly(
            "{\"benchmark\":\"keyed_bulk_insert\"",
            "{\"benchmark\":\"keyed_one_row_insert\"",
            "{\"benchmark\":\"key_check_one_key\"");
  }
}
