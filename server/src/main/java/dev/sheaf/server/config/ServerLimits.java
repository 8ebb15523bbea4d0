package dev.sheaf.server.config;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What the server may use: Arrow memory, threads, prepared statements held for clients, and disk
 * for kept results.
 *
 * @param memoryBudget bytes of Arrow memory (results, ingest batches, metadata) for all queries
 *     together; a query that needs more fails with OUT_OF_MEMORY and the server keeps serving.
 *     {@link Long#MAX_VALUE} for no budget beyond the JVM's direct memory
 * @param executorThreads threads that run Flight calls (each running stream holds one), or 0 for a
 *     thread per call as gRPC does by default
 * @param maxPreparedStatements prepared statements held open at once, all clients together
 * @param preparedStatementIdle how long an unused prepared statement lives before it is dropped
 * @param maxMessageBytes the largest gRPC message a client may send (a command, a ticket, an ingest
 *     batch); larger ones are refused with RESOURCE_EXHAUSTED before they are read
 * @param keptResultBytes the most bytes of query results kept on disk for partitioned reading
 *     (queries that do not split at their scan), all together; least recently read ones are evicted
 *     first
 * @param keptResultTtl how long a kept result lives after it was computed or last read
 * @param tokenLifetime how long a bearer token handed out at login is good for, counted from the
 *     login however busy it is: then the client logs in again
 */
public record ServerLimits(
    long memoryBudget,
    int executorThreads,
    int maxPreparedStatements,
    Duration preparedStatementIdle,
    int maxMessageBytes,
    long keptResultBytes,
    Duration keptResultTtl,
    Duration tokenLifetime) {
  public static final long UNLIMITED = Long.MAX_VALUE;

  public ServerLimits {
    java.util.Objects.requireNonNull(preparedStatementIdle, "preparedStatementIdle is null");
    check(memoryBudget >= 1 << 20, "memory-budget", memoryBudget, "give at least 1m");
    check(executorThreads >= 0, "executor-threads", executorThreads, "give 0 or more");
    check(maxPreparedStatements >= 1, "max-prepared-statements", maxPreparedStatements, "give 1+");
    check(
        !preparedStatementIdle.isNegative() && !preparedStatementIdle.isZero(),
        "prepared-statement-idle",
        preparedStatementIdle,
        "give a positive number of seconds");
    check(maxMessageBytes >= 1 << 20, "max-message-bytes", maxMessageBytes, "give at least 1m");
    java.util.Objects.requireNonNull(keptResultTtl, "keptResultTtl is null");
    check(keptResultBytes >= 1 << 20, "kept-result-bytes", keptResultBytes, "give at least 1m");
    check(
        !keptResultTtl.isNegative() && !keptResultTtl.isZero(),
        "kept-result-ttl",
        keptResultTtl,
        "give a positive number of seconds");
    java.util.Objects.requireNonNull(tokenLifetime, "tokenLifetime is null");
    check(
        !tokenLifetime.isNegative() && !tokenLifetime.isZero(),
        "token-lifetime",
        tokenLifetime,
        "give a positive number of seconds");
  }

  public static ServerLimits defaults() {
    return new ServerLimits(
        UNLIMITED,
        0,
        10_000,
        Duration.ofHours(1),
        256 << 20,
        4L << 30,
        Duration.ofHours(1),
        Duration.ofHours(8));
  }

  /** The limits from configuration values (other keys are ignored); missing keys keep defaults. */
  public static ServerLimits from(Map<String, String> values) {
    ServerLimits defaults = defaults();
    return new ServerLimits(
        values.containsKey("memory-budget")
            ? bytes("memory-budget", values.get("memory-budget"))
            : defaults.memoryBudget(),
        (int) number(values, "executor-threads", defaults.executorThreads()),
        (int) number(values, "max-prepared-statements", defaults.maxPreparedStatements()),
        Duration.ofSeconds(
            number(
                values, "prepared-statement-idle", defaults.preparedStatementIdle().toSeconds())),
        values.containsKey("max-message-bytes")
            ? messageBytes(values.get("max-message-bytes"))
            : defaults.maxMessageBytes(),
        values.containsKey("kept-result-bytes")
            ? bytes("kept-result-bytes", values.get("kept-result-bytes"))
            : defaults.keptResultBytes(),
        Duration.ofSeconds(number(values, "kept-result-ttl", defaults.keptResultTtl().toSeconds())),
        Duration.ofSeconds(number(values, "token-lifetime", defaults.tokenLifetime().toSeconds())));
  }

  private static int messageBytes(String text) {
    long bytes = bytes("max-message-bytes", text);
    if (bytes > Integer.MAX_VALUE) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use max-message-bytes = %s: give at most 2047m (gRPC's limit)",
          text);
    }
    return (int) bytes;
  }

  /** A byte count: digits with an optional k, m or g (powers of 1024), or {@code unlimited}. */
  static long bytes(String key, String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("unlimited")) {
      return UNLIMITED;
    }
    long unit = 1;
    char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
    switch (last) {
      case 'k' -> unit = 1L << 10;
      case 'm' -> unit = 1L << 20;
      case 'g' -> unit = 1L << 30;
      default -> {}
    }
    String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
    try {
      return Math.multiplyExact(Long.parseLong(digits), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot read %s = '%s': give bytes, e.g. 4g, 512m or unlimited",
          key,
          text);
    }
  }

  private static long number(Map<String, String> values, String key, long fallback) {
    String text = values.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION, "Cannot read %s = '%s': give a whole number", key, text);
    }
  }

  private static void check(boolean ok, String key, Object value, String hint) {
    if (!ok) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION, "Cannot use %s = %s: %s", key, value, hint);
    }
  }
}
