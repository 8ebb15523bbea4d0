package dev.sheaf.catalog.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.CatalogConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceStoreTest {
  @TempDir Path directory;

  @Test
  void keepsRunsAndEntriesAcrossStoresAndFindsOneRow() throws Exception {
    Files.createDirectories(directory);
    CatalogConfig config = CatalogConfig.embedded(directory);
    try (CatalogConnections connections = new CatalogConnections(config, 2)) {
      ProvenanceStore store = new ProvenanceStore(connections);
      ProvenanceRun run = ProvenanceRun.started("r1", "media_ingest", "s3://src/a/", "main", "t");
      store.startRun(run);
      store.record(
          List.of(
              new ProvenanceEntry(
                  "r1", "main", "t", "1", "s3://src/a/x.jpg", "s3://dst/x.jpg", 10L, "ab", null, 5),
              new ProvenanceEntry(
                  "r1",
                  "main",
                  "t",
                  "2",
                  "s3://src/a/y.jpg",
                  "s3://dst/y.jpg",
                  20L,
                  "cd",
                  null,
                  6)));
      store.landed("r1", 42);
      store.updateRun(run.progressed(2, 30, 0).finished(ProvenanceRun.State.DONE, 42L, "ok"));
    }
    try (CatalogConnections connections = new CatalogConnections(config, 2)) {
      ProvenanceStore again = new ProvenanceStore(connections);
      ProvenanceRun run = again.run("r1").orElseThrow();
      assertThat(run.state()).isEqualTo(ProvenanceRun.State.DONE);
      assertThat(run.snapshotId()).isEqualTo(42L);
      assertThat(run.items()).isEqualTo(2);
      assertThat(run.bytes()).isEqualTo(30);
      assertThat(run.finishedAt()).isNotNull();
      assertThat(again.run("nope")).isEmpty();
      List<ProvenanceEntry> one = again.entries(new EntryFilter(null, "main", "t", "2", null), 100);
      assertThat(one).hasSize(1);
      assertThat(one.get(0).sha256()).isEqualTo("cd");
      assertThat(one.get(0).snapshotId()).isEqualTo(42L);
      assertThat(again.entries(EntryFilter.ALL, 1)).hasSize(1);
      assertThat(again.entries(new EntryFilter("other", null, null, null, null), 100)).isEmpty();
      try (var connection = DriverManager.getConnection(config.catalogUri());
          var statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE sheaf_provenance_runs SET format_version = 7");
      }
      assertThatThrownBy(again::runs).hasMessageContaining("expected 1, found 7");
    }
  }
}
