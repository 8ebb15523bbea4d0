package dev.sheaf.catalog.iceberg;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.WarehouseCacheSettings;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.io.FileIO;

/**
 * Which Iceberg FileIO a warehouse location gets: {@link LocalFileIO} for a local path or {@code
 * file:} URI, {@link S3WarehouseFileIO} (Iceberg's {@link S3FileIO} with the warehouse cache) for
 * {@code s3://bucket/prefix} (with {@link S3ClientFactory}). Both support prefix listing and
 * deletion, and both are {@link WarehouseFiles}.
 */
public final class WarehouseFileIO {
  private WarehouseFileIO() {}

  /** The catalog properties that select and configure the warehouse's FileIO. */
  public static Map<String, String> properties(CatalogConfig config) {
    Map<String, String> properties = new LinkedHashMap<>();
    // manifests never change once written: keep them in memory, so planning the scan of an
    // unchanged table (every point query) does not read and decode them again
    properties.put(CatalogProperties.IO_MANIFEST_CACHE_ENABLED, "true");
    String warehouse = config.warehouse();
    if (config.isS3Warehouse()) {
      properties.putAll(config.s3().fileIoProperties());
      properties.put(CatalogProperties.FILE_IO_IMPL, S3WarehouseFileIO.class.getName());
      properties.put(
          WarehouseCacheSettings.DIRECTORY_PROPERTY,
          config.warehouseCache().directory().toString());
      properties.put(
          WarehouseCacheSettings.BUDGET_PROPERTY,
          String.valueOf(config.warehouseCache().budgetBytes()));
      properties.put(S3FileIOProperties.CLIENT_FACTORY, S3ClientFactory.class.getName());
    } else if (!warehouse.contains("://") || warehouse.startsWith("file:")) {
      properties.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    } else {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use warehouse '%s': give a local directory or s3://bucket/prefix",
          warehouse);
    }
    return properties;
  }

  /** Opens the warehouse's FileIO on its own, for tools and tests; the caller closes it. */
  public static FileIO open(CatalogConfig config) {
    Map<String, String> properties = properties(config);
    return CatalogUtil.loadFileIO(properties.get(CatalogProperties.FILE_IO_IMPL), properties, null);
  }
}
