package dev.sheaf.planner.result;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and for how long query results are kept for partitioned reading ({@link KeptResults}).
 *
 * @param directory the spill directory (Arrow IPC files, one per kept result); emptied at start
 * @param budgetBytes the most bytes all kept results hold on disk together; the least recently read
 *     ones are evicted to make room, and a result larger than the budget is refused
 * @param timeToLive how long a kept result lives after it was computed or last read
 */
public record KeptResultSettings(Path directory, long budgetBytes, Duration timeToLive) {
  public static final long DEFAULT_BUDGET_BYTES = 4L << 30;
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofHours(1);

  public KeptResultSettings {
    requireNonNull(directory, "directory is null");
    requireNonNull(timeToLive, "timeToLive is null");
    if (budgetBytes < 1 << 20) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use kept-result-bytes = %d: give at least 1m",
          budgetBytes);
    }
    if (timeToLive.isNegative() || timeToLive.isZero()) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use kept-result-ttl = %s: give a positive number of seconds",
          timeToLive);
    }
  }

  /** The defaults inside a data directory: {@code <data>/kept-results}, 4 GiB, one hour. */
  public static KeptResultSettings defaults(Path dataDirectory) {
    return new KeptResultSettings(
        dataDirectory.resolve("kept-results"), DEFAULT_BUDGET_BYTES, DEFAULT_TIME_TO_LIVE);
  }

  public KeptResultSettings withBudgetBytes(long bytes) {
    return new KeptResultSettings(directory, bytes, timeToLive);
  }

  public KeptResultSettings withTimeToLive(Duration ttl) {
    return new KeptResultSettings(directory, budgetBytes, ttl);
  }
}
