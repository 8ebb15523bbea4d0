package dev.sheaf.planner.media;

import dev.sheaf.catalog.jobs.BackfillJobStore;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * {@code sys}: tables about the server itself, not about data. Shadowed by a user schema named
 * {@code sys}, which keeps its tables.
 */
public final class SystemSchema extends AbstractSchema {
  public static final String NAME = "sys";

  private final BackfillJobStore jobs;

  public SystemSchema(BackfillJobStore jobs) {
    this.jobs = jobs;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return Map.of("media_cache", new MediaCacheTable(), "jobs", new JobsTable(jobs));
  }
}
