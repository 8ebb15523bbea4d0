package dev.sheaf.catalog.provenance;

import static java.util.Objects.requireNonNull;

/**
 * Where one row or one media object came from.
 *
 * @param runId the run that brought it in ({@link ProvenanceRun#runId()})
 * @param schema schema of the table the row is in, or null for an object copied without a row
 * @param table table the row is in, or null for an object copied without a row
 * @param rowKey the row's key as text (its primary key, or {@code _rowid}), or null
 * @param sourceUri where the row or object was read (credentials removed)
 * @param destinationUri where an object was written, or null for a synced row
 * @param size bytes of the object, or null
 * @param sha256 lower-case hex SHA-256 of the object's bytes, or null
 * @param snapshotId the table version the row landed in, or null when no row was written
 * @param recordedAt epoch milliseconds
 */
public record ProvenanceEntry(
    String runId,
    String schema,
    String table,
    String rowKey,
    String sourceUri,
    String destinationUri,
    Long size,
    String sha256,
    Long snapshotId,
    long recordedAt) {
  public ProvenanceEntry {
    requireNonNull(runId, "runId is null");
    requireNonNull(sourceUri, "sourceUri is null");
  }
}
