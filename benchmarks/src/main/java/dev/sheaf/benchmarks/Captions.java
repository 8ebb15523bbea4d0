package dev.sheaf.benchmarks;

import java.util.List;

/** Image-caption-like sentences generated from their index, the same for every peer. */
final class Captions {
  private static final List<String> ADJECTIVES =
      List.of("small", "sleepy", "red", "old", "bright", "wet", "striped", "tiny", "noisy", "calm");
  private static final List<String> NOUNS =
      List.of("cat", "dog", "bicycle", "boat", "child", "horse", "car", "bird", "tree", "robot");
  private static final List<String> VERBS =
      List.of(
          "sits", "sleeps", "waits", "runs", "stands", "rests", "plays", "hides", "looks", "rolls");
  private static final List<String> PLACES =
      List.of(
          "on a sofa",
          "near the harbour",
          "in a sunny kitchen",
          "under a wooden bridge",
          "beside a quiet road",
          "in the snow",
          "on a crowded beach",
          "inside an empty office",
          "at a night market",
          "behind a garden fence");

  private Captions() {}

  static String of(long index) {
    long h = index * 0x9E3779B97F4A7C15L;
    int a = (int) Long.remainderUnsigned(h, 10);
    int n = (int) Long.remainderUnsigned(h >>> 8, 10);
    int v = (int) Long.remainderUnsigned(h >>> 16, 10);
    int p = (int) Long.remainderUnsigned(h >>> 24, 10);
    int b = (int) Long.remainderUnsigned(h >>> 32, 10);
    return "a "
        + ADJECTIVES.get(a)
        + " "
        + NOUNS.get(n)
        + " "
        + VERBS.get(v)
        + " "
        + PLACES.get(p)
        + " with a "
        + ADJECTIVES.get(b)
        + " "
        + NOUNS.get((n + b + 1) % 10)
        + ", photo "
        + index;
  }
}
