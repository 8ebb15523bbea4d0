package dev.sheaf.catalog.media.cache;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;

/**
 * How a {@link MediaCache} keeps bytes.
 *
 * @param directory where cached files live; the cache owns every file in it
 * @param budgetBytes the bytes the cache keeps; least recently used files without a lease go first.
 *     Leased files are never evicted, so the cache may stay above the budget while they are read
 * @param downloadsPerStore the most downloads running at once against one store
 * @param downloadAttempts attempts per download when the store is unavailable or a body arrives
 *     short (on top of the store's own retries)
 */
public record MediaCacheSettings(
    Path directory, long budgetBytes, int downloadsPerStore, int downloadAttempts) {
  public static final long DEFAULT_BUDGET_BYTES = 10L << 30;
  public static final int DEFAULT_DOWNLOADS_PER_STORE = 64;
  public static final int DEFAULT_DOWNLOAD_ATTEMPTS = 3;

  public MediaCacheSettings {
    requireNonNull(directory, "directory is null");
    if (budgetBytes < 0 || downloadsPerStore < 1 || downloadAttempts < 1) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use media cache settings: budget %d bytes, %d downloads per store, %d attempts"
              + " (give a budget of 0 or more and at least 1 download and 1 attempt)",
          budgetBytes,
          downloadsPerStore,
          downloadAttempts);
    }
  }

  /** A 10 GiB cache in {@code directory} with 64 downloads per store and 3 attempts. */
  public static MediaCacheSettings defaults(Path directory) {
    return new MediaCacheSettings(
        directory, DEFAULT_BUDGET_BYTES, DEFAULT_DOWNLOADS_PER_STORE, DEFAULT_DOWNLOAD_ATTEMPTS);
  }

  public MediaCacheSettings withBudgetBytes(long budgetBytes) {
    return new MediaCacheSettings(directory, budgetBytes, downloadsPerStore, downloadAttempts);
  }

  public MediaCacheSettings withDownloadsPerStore(int downloadsPerStore) {
    return new MediaCacheSettings(directory, budgetBytes, downloadsPerStore, downloadAttempts);
  }

  public MediaCacheSettings withDownloadAttempts(int downloadAttempts) {
    return new MediaCacheSettings(directory, budgetBytes, downloadsPerStore, downloadAttempts);
  }
}
