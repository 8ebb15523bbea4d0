package dev.sheaf.catalog.sources;

import static java.util.Objects.requireNonNull;

/**
 * A source row a sync did not write, and why.
 *
 * @param runId the sync's provenance run
 * @param schema the table's schema
 * @param table the table
 * @param sourceUri the file or table the row came from (no credentials)
 * @param line the row's line (CSV, header first) or row number (Parquet, PostgreSQL)
 * @param rowKey the row's key as text, or null when it has none
 * @param code the error code's name ({@code NOT_NULL_VIOLATION}, {@code DUPLICATE_KEY}, ...)
 * @param message what is wrong and how to fix it
 */
public record SyncError(
    String runId,
    String schema,
    String table,
    String sourceUri,
    long line,
    String rowKey,
    String code,
    String message) {
  public SyncError {
    requireNonNull(runId, "runId is null");
    requireNonNull(sourceUri, "sourceUri is null");
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
  }
}
