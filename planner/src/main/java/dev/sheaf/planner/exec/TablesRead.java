package dev.sheaf.planner.exec;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.planner.schema.SheafSchema;
import java.util.Map;

/**
 * The tables a statement looked up while it was compiled, each with the version it saw (the
 * location of its metadata file, or {@link SheafSchema#ABSENT}). A plan compiled from them is valid
 * exactly while every one still has that version: a commit, ALTER, DROP or CREATE of any of them
 * changes it.
 */
record TablesRead(Map<Name, String> versions) {
  /** A table by schema and name. */
  record Name(String schema, String table) {}

  TablesRead {
    versions = Map.copyOf(versions);
  }

  /** Whether every table still has the version recorded: one catalog lookup per table. */
  boolean current(SheafCatalog catalog) {
    for (Map.Entry<Name, String> entry : versions.entrySet()) {
      Name name = entry.getKey();
      String now = catalog.currentVersion(name.schema(), name.table()).orElse(SheafSchema.ABSENT);
      if (!now.equals(entry.getValue())) {
        return false;
      }
    }
    return true;
  }
}
