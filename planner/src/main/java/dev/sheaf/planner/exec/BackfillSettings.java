package dev.sheaf.planner.exec;

/**
 * How backfill jobs run.
 *
 * @param chunksPerStart the most chunks one engine runs of a job before leaving the rest to the
 *     next start (0: no limit); tests stop a job half-way with it (JVM property {@code
 *     sheaf.backfill.chunks-per-start}); an engine with a limit does not take over jobs left
 *     RUNNING while it runs, only at its start
 * @param lazyFill whether queries compute the cells a running or paused job has not reached (JVM
 *     property {@code sheaf.backfill.lazy-fill}, default true; tests that look at what is stored
 *     turn it off)
 * @param leaseMillis how long a server's lease on a job lasts unless renewed (JVM property {@code
 *     sheaf.backfill.lease-ms}, default 30 s): a job whose server died is taken over by another
 *     server on the same catalog that long after its last renewal
 */
public record BackfillSettings(int chunksPerStart, boolean lazyFill, long leaseMillis) {
  public static final String CHUNKS_PER_START = "sheaf.backfill.chunks-per-start";
  public static final String LAZY_FILL = "sheaf.backfill.lazy-fill";
  public static final String LEASE_MILLIS = "sheaf.backfill.lease-ms";

  public BackfillSettings {
    if (chunksPerStart < 0) {
      throw new IllegalArgumentException("chunksPerStart must be at least 0: " + chunksPerStart);
    }
    if (leaseMillis < 100) {
      throw new IllegalArgumentException("leaseMillis must be at least 100: " + leaseMillis);
    }
  }

  /** The defaults, with the JVM properties read when set. */
  public static BackfillSettings fromSystemProperties() {
    return new BackfillSettings(
        Integer.getInteger(CHUNKS_PER_START, 0),
        !"false".equalsIgnoreCase(System.getProperty(LAZY_FILL, "true")),
        Long.getLong(LEASE_MILLIS, 30_000));
  }
}
