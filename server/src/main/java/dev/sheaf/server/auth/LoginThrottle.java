package dev.sheaf.server.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.arrow.flight.CallStatus;

/**
 * Limits password checks, each a deliberately slow PBKDF2: at most {@code concurrent} run at once
 * (a flood of logins queues instead of taking every core), and a user name with {@code maxFailures}
 * failed logins within {@code window} is refused without a check until the window has passed since
 * the oldest of them, so passwords cannot be guessed at the speed of the server.
 */
final class LoginThrottle {
  /** The most user names tracked; past it the least recently failed are forgotten. */
  private static final int MAX_TRACKED = 10_000;

  private final Semaphore checks;
  private final int maxFailures;
  private final long windowNanos;
  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  LoginThrottle(int concurrent, int maxFailures, long windowNanos, LongSupplier clock) {
    this.checks = new Semaphore(concurrent, true);
    this.maxFailures = maxFailures;
    this.windowNanos = windowNanos;
    this.clock = clock;
  }

  /** The server's: one check per core at once, 5 failures a minute per user name. */
  static LoginThrottle defaults() {
    return new LoginThrottle(
        Runtime.getRuntime().availableProcessors(),
        5,
        TimeUnit.MINUTES.toNanos(1),
        System::nanoTime);
  }

  /** The outcome of a password check for a user name: true when it matched. */
  interface Check {
    boolean run();
  }

  /**
   * Runs a password check for {@code username}, unless the name is locked out by its recent
   * failures (UNAUTHENTICATED, saying how long to wait) or the server cannot start a check within
   * 10 s (UNAVAILABLE); records a failure.
   */
  boolean check(String username, Check check) {
    long wait = lockedFor(username);
    if (wait > 0) {
      throw CallStatus.UNAUTHENTICATED
          .withDescription(
              "UNAUTHENTICATED: Cannot log in: too many failed logins for this user; try again in "
                  + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait))
                  + " s")
          .toRuntimeException();
    }
    try {
      if (!checks.tryAcquire(10, TimeUnit.SECONDS)) {
        throw CallStatus.UNAVAILABLE
            .withDescription("UNAVAILABLE: Cannot log in now: the server is checking many logins")
            .toRuntimeException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CallStatus.CANCELLED
          .withDescription("CANCELLED: login interrupted")
          .toRuntimeException();
    }
    boolean matched;
    try {
      matched = check.run();
    } finally {
      checks.release();
    }
    if (!matched) {
      failed(username);
    }
    return matched;
  }

  /** How long the user name stays locked out, in nanoseconds; 0 when it may try now. */
  private synchronized long lockedFor(String username) {
    Deque<Long> recent = failures.get(username);
    if (recent == null) {
      return 0;
    }
    long now = clock.getAsLong();
    while (!recent.isEmpty() && now - recent.peekFirst() >= windowNanos) {
      recent.removeFirst();
    }
    if (recent.isEmpty()) {
      failures.remove(username);
      return 0;
    }
    return recent.size() >= maxFailures ? windowNanos - (now - recent.peekFirst()) : 0;
  }

  private synchronized void failed(String username) {
    Deque<Long> recent = failures.computeIfAbsent(username, name -> new ArrayDeque<>());
    recent.addLast(clock.getAsLong());
    while (recent.size() > maxFailures) {
      recent.removeFirst();
    }
  }
}
