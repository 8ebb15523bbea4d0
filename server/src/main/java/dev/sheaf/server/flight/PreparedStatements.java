package dev.sheaf.server.flight;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.exec.PreparedInfo;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The prepared statements clients hold open on this server: at most {@code limit} at once, and each
 * dropped after {@code idle} without use, so clients that never close theirs cannot exhaust memory.
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

  private record Held(Statement statement, long lastUsedNanos) {}

  private final Map<Long, Held> held = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final int limit;
  private final long idleNanos;
  private final LongSupplier clock;

  PreparedStatements(int limit, Duration idle, LongSupplier clock) {
    this.limit = limit;
    this.idleNanos = idle.toNanos();
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Holds a new statement and returns its id; fails when {@code limit} are held. */
  long add(String sql, PreparedInfo info) {
    if (held.size() >= limit) {
      dropIdle();
    }
    if (held.size() >= limit) {
      throw SheafException.of(
          ErrorCode.OUT_OF_MEMORY,
          "Cannot prepare the statement: the server holds %d prepared statements, its limit"
              + " (close prepared statements you no longer use, or raise max-prepared-statements)",
          limit);
    }
    long id = nextId.getAndIncrement();
    held.put(id, new Held(new Statement(sql, info, List.of()), clock.getAsLong()));
    return id;
  }

  /** The statement with this id, marked as used now. */
  Statement get(long id) {
    Held entry = held.get(id);
    long now = clock.getAsLong();
    if (entry != null && expired(entry, now)) {
      held.remove(id, entry);
      entry = null;
    }
    if (entry == null) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot use prepared statement %d: it was closed, unused for too long, or the server"
              + " restarted (prepare it again)",
          id);
    }
    held.replace(id, entry, new Held(entry.statement(), now));
    return entry.statement();
  }

  /** Binds parameter rows to a held statement. */
  void bind(long id, List<List<Object>> rows) {
    Statement statement = get(id);
    held.computeIfPresent(
        id, (k, h) -> new Held(statement.withParameters(rows), clock.getAsLong()));
  }

  void remove(long id) {
    held.remove(id);
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
