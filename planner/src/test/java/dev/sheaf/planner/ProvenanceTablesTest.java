package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.provenance.ProvenanceEntry;
import dev.sheaf.catalog.provenance.ProvenanceRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sys.provenance_runs and sys.provenance read what ingest and sync runs recorded. */
class ProvenanceTablesTest extends EngineTestCase {
  @Test
  void answersWhereARowCameFrom() {
    try (SheafCatalog catalog = SheafCatalog.open(CatalogConfig.embedded(directory))) {
      ProvenanceRun run = ProvenanceRun.started("run-1", "sync", "pg_labels", "main", "labels");
      catalog.provenance().startRun(run);
      catalog
          .provenance()
          .record(
              List.of(
                  new ProvenanceEntry(
                      "run-1",
                      "main",
                      "labels",
                      "7",
                      "postgresql://h/db#labels",
                      null,
                      null,
                      null,
                      null,
                      1000),
                  new ProvenanceEntry(
                      "run-1",
                      "main",
                      "labels",
                      "8",
                      "postgresql://h/db#labels",
                      null,
                      null,
                      null,
                      null,
                      1000)));
      catalog.provenance().landed("run-1", 99);
      catalog
          .provenance()
          .updateRun(run.progressed(2, 0, 0).finished(ProvenanceRun.State.DONE, 99L, null));
    }
    assertThat(
            query(
                "SELECT run_id, kind, source, table_name, state, version, items FROM sys.provenance_runs"))
        .containsExactly(List.of("run-1", "sync", "pg_labels", "labels", "DONE", 99L, 2L));
    assertThat(
            query(
                "SELECT kind, row_key, version FROM sys.provenance"
                    + " WHERE table_name = 'labels' AND row_key = '8'"))
        .containsExactly(List.of("sync", "8", 99L));
    assertThat(query("SELECT count(*) FROM sys.provenance WHERE run_id = 'run-1'"))
        .containsExactly(List.of(2L));
    assertThat(query("SELECT count(*) FROM sys.provenance WHERE size IS NULL"))
        .containsExactly(List.of(2L));
  }
}
