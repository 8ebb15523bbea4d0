package dev.sheaf.catalog.ingest;

import java.time.Duration;

/**
 * How a migration copies.
 *
 * @param concurrency objects read at once, and as many written at once (bounded pools)
 * @param partBytes objects larger than this go up in multipart uploads of parts this size (S3
 *     allows parts from 5 MiB); smaller ones are held in memory and sent in one checked PUT
 * @param attempts tries per object when a store is unavailable (the S3 client retries each request
 *     on its own as well, 503 SlowDown included)
 * @param backoff the first wait between tries, doubled each time, with full jitter
 */
public record MigrationSettings(int concurrency, int partBytes, int attempts, Duration backoff) {
  public static final int MIN_PART_BYTES = 5 << 20;

  public MigrationSettings {
    if (concurrency < 1 || concurrency > 1024) {
      throw new IllegalArgumentException("concurrency must be 1 to 1024: " + concurrency);
    }
    if (partBytes < MIN_PART_BYTES) {
      throw new IllegalArgumentException("partBytes must be at least 5 MiB: " + partBytes);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
  }

  /** 32 objects read and 32 written at once, 8 MiB parts, 4 tries from 200 ms. */
  public static MigrationSettings defaults() {
    return new MigrationSettings(32, 8 << 20, 4, Duration.ofMillis(200));
  }

  public MigrationSettings withConcurrency(int newConcurrency) {
    return new MigrationSettings(newConcurrency, partBytes, attempts, backoff);
  }

  public MigrationSettings withPartBytes(int newPartBytes) {
    return new MigrationSettings(concurrency, newPartBytes, attempts, backoff);
  }
}
