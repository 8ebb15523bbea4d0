package dev.sheaf.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wall-clock seconds of repeated runs of one benchmark, after a warm-up run that is not kept. */
record RunTimes(List<Double> seconds) {
  RunTimes {
    if (seconds.isEmpty()) {
      throw new IllegalArgumentException("no runs were timed");
    }
    seconds = List.copyOf(seconds);
  }

  /** Runs {@code body} once to warm up, then {@code runs} times, timing each. */
  static RunTimes measure(int runs, Runnable body) {
    body.run();
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long begin = System.nanoTime();
      body.run();
      seconds.add((System.nanoTime() - begin) / 1e9);
    }
    return new RunTimes(seconds);
  }

  double best() {
    return Collections.min(seconds);
  }
}
