package dev.sheaf.planner.exec;

/**
 * The deterministic draw of {@code TABLESAMPLE BERNOULLI(p) REPEATABLE(seed)}: a number in [0, 1)
 * from (seed, the row's {@code _rowid}), so a row is in a sample exactly when its draw is below p /
 * 100, whatever other rows the table holds and whichever version is read. SplitMix64's finalizer
 * mixes the two; the top 53 bits make the double.
 */
public final class SampleHash {
  private SampleHash() {}

  /** {@code sheaf_sample(_rowid, seed)}. */
  public static double sample(long rowId, long seed) {
    long x = rowId * 0x9E3779B97F4A7C15L + seed;
    x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
    x = x ^ (x >>> 31);
    return (x >>> 11) * 0x1.0p-53;
  }
}
