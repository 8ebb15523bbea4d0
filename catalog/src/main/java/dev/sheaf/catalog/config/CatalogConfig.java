package dev.sheaf.catalog.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where Sheaf keeps its tables: the catalog database (SQLite file or PostgreSQL) and the warehouse
 * location (a local directory or an S3-compatible prefix, reached with {@code s3}).
 *
 * @param catalogUri JDBC URL of the catalog database
 * @param catalogUser user for the catalog database, or null
 * @param catalogPassword password for the catalog database, or null; never logged
 * @param warehouse the warehouse location, a local path or {@code s3://bucket/prefix}
 * @param s3 how to reach the object store of an {@code s3://} warehouse
 * @param warehouseCache where an {@code s3://} warehouse's data files are kept on local disk for
 *     scans (and ingest files wait for their upload)
 * @param indexLocation whether Lucene indexes are also kept in the warehouse, for servers that
 *     share it
 */
public record CatalogConfig(
    String catalogUri,
    String catalogUser,
    String catalogPassword,
    String warehouse,
    S3Settings s3,
    WarehouseCacheSettings warehouseCache,
    IndexLocation indexLocation) {

  public CatalogConfig {
    requireNonNull(catalogUri, "catalogUri is null");
    requireNonNull(indexLocation, "indexLocation is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(s3, "s3 is null");
    requireNonNull(warehouseCache, "warehouseCache is null");
  }

  /** A configuration with the indexes on local disk. */
  public CatalogConfig(
      String catalogUri,
      String catalogUser,
      String catalogPassword,
      String warehouse,
      S3Settings s3,
      WarehouseCacheSettings warehouseCache) {
    this(
        catalogUri,
        catalogUser,
        catalogPassword,
        warehouse,
        s3,
        warehouseCache,
        IndexLocation.LOCAL);
  }

  /**
   * A JDBC connection to the catalog database, for Sheaf's own tables beside Iceberg's (row ids,
   * jobs, models, media pins): the catalog's user and password, and on SQLite a 30 s busy timeout
   * so writers from several connections wait for each other instead of failing.
   */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (catalogUser != null) {
      properties.setProperty("user", catalogUser);
    }
    if (catalogPassword != null) {
      properties.setProperty("password", catalogPassword);
    }
    if (isSqlite()) {
      properties.setProperty("busy_timeout", "30000");
    }
    return DriverManager.getConnection(catalogUri, properties);
  }

  /** The embedded default: a SQLite catalog and a local warehouse inside {@code dataDirectory}. */
  public static CatalogConfig embedded(Path dataDirectory) {
    Path root = dataDirectory.toAbsolutePath().normalize();
    return new CatalogConfig(
        "jdbc:sqlite:" + root.resolve("catalog.db"),
        null,
        null,
        root.resolve("warehouse").toString(),
        S3Settings.defaults(),
        WarehouseCacheSettings.defaults(root.resolve("warehouse-cache")));
  }

  public CatalogConfig withCatalog(String catalogUri, String catalogUser, String catalogPassword) {
    return new CatalogConfig(
        catalogUri, catalogUser, catalogPassword, warehouse, s3, warehouseCache, indexLocation);
  }

  public CatalogConfig withWarehouse(String warehouse) {
    return new CatalogConfig(
        catalogUri, catalogUser, catalogPassword, warehouse, s3, warehouseCache, indexLocation);
  }

  public CatalogConfig withS3(S3Settings s3) {
    return new CatalogConfig(
        catalogUri, catalogUser, catalogPassword, warehouse, s3, warehouseCache, indexLocation);
  }

  public CatalogConfig withWarehouseCache(WarehouseCacheSettings warehouseCache) {
    return new CatalogConfig(
        catalogUri, catalogUser, catalogPassword, warehouse, s3, warehouseCache, indexLocation);
  }

  public CatalogConfig withIndexLocation(IndexLocation indexLocation) {
    return new CatalogConfig(
        catalogUri, catalogUser, catalogPassword, warehouse, s3, warehouseCache, indexLocation);
  }

  public boolean isSqlite() {
    return catalogUri.startsWith("jdbc:sqlite:");
  }

  /** Whether the warehouse is on an S3-compatible object store ({@code s3://bucket/prefix}). */
  public boolean isS3Warehouse() {
    return warehouse.startsWith("s3://");
  }

  @Override
  public String toString() {
    return "CatalogConfig[catalogUri="
        + JdbcUrls.masked(catalogUri)
        + ", catalogUser="
        + catalogUser
        + ", catalogPassword="
        + (catalogPassword == null ? "null" : "***")
        + ", warehouse="
        + warehouse
        + ", s3="
        + s3
        + ", warehouseCache="
        + warehouseCache
        + ", indexLocation="
        + indexLocation
        + "]";
  }
}
