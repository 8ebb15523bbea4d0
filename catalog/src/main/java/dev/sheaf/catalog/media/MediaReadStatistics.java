package dev.sheaf.catalog.media;

/**
 * What the media registry has read since it opened.
 *
 * @param reads objects opened for reading
 * @param bytesRead bytes handed to readers
 * @param cacheHits reads served by the media cache (0 until a cache is configured)
 * @param cacheMisses reads the media cache had to fetch (0 until a cache is configured)
 * @param cachedBytes bytes the media cache holds now (0 until a cache is configured)
 */
public record MediaReadStatistics(
    long reads, long bytesRead, long cacheHits, long cacheMisses, long cachedBytes) {}
