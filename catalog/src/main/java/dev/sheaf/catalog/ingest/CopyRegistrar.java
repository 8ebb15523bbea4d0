package dev.sheaf.catalog.ingest;

import java.util.List;

/**
 * Registers copied objects as rows of the run's table, all of a batch in one table version or none
 * (the planner implements it: it inserts through the table's write path, pins included).
 */
@FunctionalInterface
public interface CopyRegistrar {
  /**
   * Commits one row per copy; returns the snapshot id of the version they landed in. Copies whose
   * rows a crashed earlier start already committed (same run, same source) are not added again.
   */
  long register(MigrationRun run, List<CopiedObject> copies);
}
