package dev.sheaf.server.flight;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.exec.PreparedInfo;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The prepared statements clients hold open on this server: at most {@code limit} at once, at most
 * {@code perCaller} of them held by one logged-in user (so one user cannot take every slot;
 * anonymous clients, who share one identity, share the global limit), and each dropped after {@code
 * idle} without use, so clients that never close theirs cannot exhaust memory. A statement belongs
 * to the caller (user) that prepared it: its handle is a random 64-bit number, and another caller
 * that names it is told it does not exist.
 */
final class PreparedStatements {
  /** A prepared statement: its SQL, what it returns, and the parameter rows last bound. */
  record Statement(String sql, PreparedInfo info, List<List<Object>> parameters) {
    Statement {
      requireNonNull(sql, "sql is null");
      requireNonNull(info, "info is null");
      parameters = List.copyOf(parameters);
    }

    Statement withParameters(List<List<Object>> rows) {
      return new Statement(sql, info, rows);
    }
  }

  private record Held(String owner, Statement statement, long lastUsedNanos) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<Long, Held> held = new ConcurrentHashMap<>();
  private final int limit;
  private final int perCaller;
  private final long idleNanos;
  private final LongSupplier clock;

  PreparedStatements(int limit, int perCaller, Duration idle, LongSupplier clock) {
    this.limit = limit;
    this.perCaller = perCaller;
    this.idleNanos = idle.toNanos();
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Holds a new statement for {@code owner} ("" when anonymous) and returns its id; fails when
   * {@code limit} are held, or a named owner holds {@code perCaller}.
   */
  synchronized long add(String owner, String sql, PreparedInfo info) {
    boolean named = !owner.isEmpty(); // anonymous clients share one identity: the global limit
    if (held.size() >= limit || (named && held(owner) >= perCaller)) {
      dropIdle();
    }
    if (held.size() >= limit) {
      throw SheafException.of(
          ErrorCode.OUT_OF_MEMORY,
          "Cannot prepare the statement: the server holds %d prepared statements, its limit"
              + " (close prepared statements you no longer use, or raise max-prepared-statements)",
          limit);
    }
    if (named && held(owner) >= perCaller) {
      throw SheafException.of(
          ErrorCode.OUT_OF_MEMORY,
          "Cannot prepare the statement: you hold %d prepared statements, the most one caller may"
              + " (a quarter of max-prepared-statements; close the ones you no longer use, or"
              + " raise max-prepared-statements)",
          perCaller);
    }
    long id;
    do {
      id = RANDOM.nextLong() & Long.MAX_VALUE; // never negative: -1 means "not prepared"
    } while (id == 0 || held.containsKey(id));
    held.put(id, new Held(owner, new Statement(sql, info, List.of()), clock.getAsLong()));
    return id;
  }

  private long held(String owner) {
    return held.values().stream().filter(h -> h.owner().equals(owner)).count();
  }

  /** The statement with this id, when {@code owner} prepared it, marked as used now. */
  Statement get(String owner, long id) {
    Held entry = held.get(id);
    long now = clock.getAsLong();
    if (entry != null && expired(entry, now)) {
      held.remove(id, entry);
      entry = null;
    }
    if (entry == null || !entry.owner().equals(owner)) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot use prepared statement %d: it was closed, unused for too long, or the server"
              + " restarted (prepare it again)",
          id);
    }
    held.replace(id, entry, new Held(owner, entry.statement(), now));
    return entry.statement();
  }

  /** Binds parameter rows to a statement {@code owner} holds. */
  void bind(String owner, long id, List<List<Object>> rows) {
    Statement statement = get(owner, id);
    held.computeIfPresent(
        id, (k, h) -> new Held(owner, statement.withParameters(rows), clock.getAsLong()));
  }

  /** Closes a statement {@code owner} holds; another caller's is left alone. */
  void remove(String owner, long id) {
    held.computeIfPresent(id, (k, h) -> h.owner().equals(owner) ? null : h);
  }

  int size() {
    return held.size();
  }

  void clear() {
    held.clear();
  }

  /** Drops the statements unused for longer than the idle time. */
  void dropIdle() {
    long now = clock.getAsLong();
    held.values().removeIf(h -> expired(h, now));
  }

  private boolean expired(Held entry, long now) {
    return now - entry.lastUsedNanos() > idleNanos;
  }
}
