package dev.sheaf.catalog.config;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;

/**
 * Where the data files of an object-store warehouse are kept on local disk while scans read them:
 * Arrow's C++ Parquet reader reads local files only, and Iceberg data files never change once
 * written, so a local copy is as good as the object. Ignored for a local warehouse.
 *
 * @param directory where copies of data files (and ingest files before their upload) live; the
 *     cache owns every file in it
 * @param budgetBytes the bytes of data files kept; least recently used files not being read go
 *     first, so the cache may stay above the budget while scans hold more
 */
public record WarehouseCacheSettings(Path directory, long budgetBytes) {
  public static final long DEFAULT_BUDGET_BYTES = 10L << 30;

  /** The catalog property that carries {@link #directory} to the warehouse FileIO. */
  public static final String DIRECTORY_PROPERTY = "sheaf.warehouse-cache.dir";

  /** The catalog property that carries {@link #budgetBytes} to the warehouse FileIO. */
  public static final String BUDGET_PROPERTY = "sheaf.warehouse-cache.bytes";

  public WarehouseCacheSettings {
    requireNonNull(directory, "directory is null");
    if (budgetBytes < 0) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use warehouse-cache-bytes %d: give zero or more bytes",
          budgetBytes);
    }
    directory = directory.toAbsolutePath().normalize();
  }

  /** A cache of {@value #DEFAULT_BUDGET_BYTES} bytes in {@code directory}. */
  public static WarehouseCacheSettings defaults(Path directory) {
    return new WarehouseCacheSettings(directory, DEFAULT_BUDGET_BYTES);
  }

  public WarehouseCacheSettings withBudgetBytes(long budgetBytes) {
    return new WarehouseCacheSettings(directory, budgetBytes);
  }
}
