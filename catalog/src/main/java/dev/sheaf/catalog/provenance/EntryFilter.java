package dev.sheaf.catalog.provenance;

/**
 * Which provenance entries to read: each non-null field must equal the entry's (all of them, AND).
 * {@link #ALL} reads every entry.
 */
public record EntryFilter(
    String runId, String schema, String table, String rowKey, String destinationUri) {
  public static final EntryFilter ALL = new EntryFilter(null, null, null, null, null);
}
