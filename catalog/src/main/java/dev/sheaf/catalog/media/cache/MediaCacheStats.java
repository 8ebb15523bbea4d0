package dev.sheaf.catalog.media.cache;

/**
 * What a {@link MediaCache} has done since it opened, for a system table.
 *
 * @param hits opens served by a cached file
 * @param misses opens that found no cached file (they started a download or joined one)
 * @param downloads downloads that completed and were cached
 * @param failedDownloads downloads that failed after every attempt
 * @param bytesDownloaded bytes of completed downloads
 * @param bytesCached bytes of the files the cache holds now
 * @param entries files the cache holds now
 * @param evictions files removed to keep within the budget
 * @param budgetBytes the configured budget
 */
public record MediaCacheStats(
    long hits,
    long misses,
    long downloads,
    long failedDownloads,
    long bytesDownloaded,
    long bytesCached,
    long entries,
    long evictions,
    long budgetBytes) {}
