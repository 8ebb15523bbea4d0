package dev.sheaf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the sync benchmark runnable on a few rows against the tests' PostgreSQL
 * (tests/services/postgres.sh, port SHEAF_TEST_PG_PORT or 55432); timings are never asserted.
 */
class SyncBenchmarkTest {
  @TempDir Path directory;

  @Test
  void printsItsFigures() throws Exception {
    String psql = "psql";
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      psql =
          versions
              .map(version -> version.resolve("bin/psql"))
              .filter(Files::isExecutable)
              .map(Path::toString)
              .sorted()
              .reduce((first, second) -> second)
              .orElse(psql);
    } catch (java.io.IOException e) {
      // no Debian PostgreSQL: psql from PATH
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      SyncBenchmark.main(
          new String[] {
            "--dir",
            directory.toString(),
            "--port",
            System.getenv().getOrDefault("SHEAF_TEST_PG_PORT", "55432"),
            "--rows",
            "2000",
            "--psql",
            psql,
            "--table",
            "sync_bench_" + UUID.randomUUID().toString().substring(0, 8)
          });
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(line -> line.startsWith("{\"benchmark\""))
        .extracting(line -> line.substring(0, line.indexOf(',')))
        .containsExactly(
            "{\"benchmark\":\"jdbc_read_all\"",
            "{\"benchmark\":\"psql_copy_all\"",
            "{\"benchmark\":\"sync_initial\"",
            "{\"benchmark\":\"jdbc_read_changed\"",
            "{\"benchmark\":\"psql_copy_changed\"",
            "{\"benchmark\":\"sync_incremental_1pct\"",
            "{\"benchmark\":\"sync_unchanged\"");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\"rows\":2000,\"sum_score\"");
  }
}
