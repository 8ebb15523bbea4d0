package dev.sheaf.planner.media;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.catalog.jobs.BackfillJobStore;
import dev.sheaf.planner.model.Models;
import dev.sheaf.planner.model.ModelsTable;
import dev.sheaf.planner.similarity.IndexesTable;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * {@code sys}: tables about the server itself and the catalog's definitions (jobs, indexes), not
 * about data. Shadowed by a user schema named {@code sys}, which keeps its tables.
 */
public final class SystemSchema extends AbstractSchema {
  public static final String NAME = "sys";

  private final BackfillJobStore jobs;
  private final SheafCatalog catalog;
  private final Models models;

  public SystemSchema(BackfillJobStore jobs, SheafCatalog catalog, Models models) {
    this.jobs = jobs;
    this.catalog = catalog;
    this.models = models;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return Map.ofEntries(
        Map.entry("media_cache", new MediaCacheTable()),
        Map.entry("jobs", new JobsTable(jobs)),
        Map.entry("indexes", new IndexesTable(catalog)),
        Map.entry("models", new ModelsTable(models)),
        Map.entry("provenance_runs", new ProvenanceRunsTable(catalog.provenance())),
        Map.entry("provenance", new ProvenanceTable(catalog.provenance())),
        Map.entry("datasets", new dev.sheaf.planner.dataset.DatasetsTable(catalog.datasets())),
        Map.entry(
            "dataset_commits",
            new dev.sheaf.planner.schema.DatasetHistoryTable(catalog.datasets(), null)),
        Map.entry("ingest_objects", new IngestObjectsTable(catalog)),
        Map.entry("sources", new SourcesTable(catalog.sources())),
        Map.entry("sync_errors", new SyncErrorsTable(catalog.syncErrors())));
  }
}
