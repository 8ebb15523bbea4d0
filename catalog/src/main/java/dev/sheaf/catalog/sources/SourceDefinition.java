package dev.sheaf.catalog.sources;

import static java.util.Objects.requireNonNull;

/**
 * A source CREATE SOURCE defined: where SYNC TABLE reads rows. Holds no secret: {@code credentials}
 * names a profile the server resolves when it connects ({@link SourceProfiles}).
 *
 * @param name the source's name
 * @param uri {@code postgresql://host:port/db}, or a file pattern {@code file:///dir/*.csv}, {@code
 *     s3://bucket/prefix/*.parquet}
 * @param table the PostgreSQL table ({@code schema.table} or {@code table}); null for files
 * @param credentials the credentials profile, or null
 * @param createdAt milliseconds since the epoch
 */
public record SourceDefinition(
    String name, String uri, String table, String credentials, long createdAt) {
  public SourceDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(uri, "uri is null");
  }
}
