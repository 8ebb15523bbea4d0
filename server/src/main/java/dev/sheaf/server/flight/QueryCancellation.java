package dev.sheaf.server.flight;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;

/**
 * The streams running now, by ticket, so that CancelFlightInfo (and the older ActionCancelQuery)
 * can stop them. A stream registers its cancel flag while it runs; cancelling a FlightInfo sets the
 * flag of every running stream of one of its tickets started by the same peer (the logged-in user;
 * anonymous clients share one identity). A cancelled stream stops at its next batch and releases
 * its buffers.
 */
final class QueryCancellation {
  /** One running stream: who started it and its cancel flag. */
  private record Running(String peer, AtomicBoolean cancel) {}

  private final Map<ByteBuffer, Set<Running>> running = new ConcurrentHashMap<>();

  /** Registers a stream; closing the registration removes it when the stream ends. */
  Registration register(byte[] ticket, String peer, AtomicBoolean cancel) {
    ByteBuffer key = ByteBuffer.wrap(ticket.clone());
    Running entry = new Running(peer == null ? "" : peer, cancel);
    running.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(entry);
    return () ->
        running.computeIfPresent(
            key,
            (k, set) -> {
              set.remove(entry);
              return set.isEmpty() ? null : set;
            });
  }

  /**
   * Cancels the running streams of {@code info}'s tickets that {@code peer} started: CANCELLED when
   * at least one was running, NOT_CANCELLABLE when none was (finished, or not started).
   */
  CancelStatus cancel(FlightInfo info, String peer) {
    String who = peer == null ? "" : peer;
    boolean found = false;
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      Set<Running> streams = running.get(ByteBuffer.wrap(endpoint.getTicket().getBytes()));
      if (streams == null) {
        continue;
      }
      for (Running stream : streams) {
        if (stream.peer().equals(who)) {
          stream.cancel().set(true);
          found = true;
        }
      }
    }
    return found ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE;
  }

  /** Cancels every running stream (at shutdown). */
  void cancelAll() {
    running.values().forEach(set -> set.forEach(stream -> stream.cancel().set(true)));
  }

  /** How many streams are running now. */
  int size() {
    return running.values().stream().mapToInt(Set::size).sum();
  }

  /** Ends a registration; never throws. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
