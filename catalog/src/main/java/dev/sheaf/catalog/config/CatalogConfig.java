package dev.sheaf.catalog.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Sheaf keeps its tables: the catalog database (SQLite file or PostgreSQL) and the warehouse
 * location (a local directory or an S3-compatible prefix). {@code storageProperties} are passed to
 * Iceberg's FileIO unchanged (S3 endpoint, region, credentials, path-style access).
 *
 * @param catalogUri JDBC URL of the catalog database
 * @param catalogUser user for the catalog database, or null
 * @param catalogPassword password for the catalog database, or null; never logged
 * @param warehouse the warehouse location, a local path or {@code s3://bucket/prefix}
 * @param storageProperties FileIO properties for the warehouse
 */
public record CatalogConfig(
    String catalogUri,
    String catalogUser,
    String catalogPassword,
    String warehouse,
    Map<String, String> storageProperties) {

  public CatalogConfig {
    requireNonNull(catalogUri, "catalogUri is null");
    requireNonNull(warehouse, "warehouse is null");
    storageProperties = Map.copyOf(requireNonNull(storageProperties, "storageProperties is null"));
  }

  /** The embedded default: a SQLite catalog and a local warehouse inside {@code dataDirectory}. */
  public static CatalogConfig embedded(Path dataDirectory) {
    Path root = dataDirectory.toAbsolutePath().normalize();
    return new CatalogConfig(
        "jdbc:sqlite:" + root.resolve("catalog.db"),
        null,
        null,
        root.resolve("warehouse").toString(),
        Map.of());
  }

  public boolean isSqlite() {
    return catalogUri.startsWith("jdbc:sqlite:");
  }

  @Override
  public String toString() {
    return "CatalogConfig[catalogUri="
        + catalogUri
        + ", catalogUser="
        + catalogUser
        + ", catalogPassword="
        + (catalogPassword == null ? "null" : "***")
        + ", warehouse="
        + warehouse
        + ", storageProperties="
        + storageProperties.keySet()
        + "]";
  }
}
