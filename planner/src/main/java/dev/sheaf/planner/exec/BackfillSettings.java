package dev.sheaf.planner.exec;

/**
 * How backfill jobs run.
 *
 * @param chunksPerStart the most chunks one engine runs of a job before leaving the rest to the
 *     next start (0: no limit); tests stop a job half-way with it (JVM property {@code
 *     sheaf.backfill.chunks-per-start})
 */
public record BackfillSettings(int chunksPerStart) {
  public static final String CHUNKS_PER_START = "sheaf.backfill.chunks-per-start";

  public BackfillSettings {
    if (chunksPerStart < 0) {
      throw new IllegalArgumentException("chunksPerStart must be at least 0: " + chunksPerStart);
    }
  }

  /** The defaults, with the JVM property read when set. */
  public static BackfillSettings fromSystemProperties() {
    return new BackfillSettings(Integer.getInteger(CHUNKS_PER_START, 0));
  }
}
