package dev.sheaf.server.flight;

/**
 * How far a stream runs ahead of gRPC's readiness. gRPC calls a stream ready only while less than
 * 32 KiB wait to be written, so a stream that waited for readiness before every batch let the
 * socket run dry while it copied the next batch into gRPC's buffers (the call thread waited for the
 * client 2.4-3.2 s of a 3.8-4.3 s 10M-row SELECT *; with 8 MiB ahead the stream took 0.75-0.8x the
 * time, benchmarks/RESULTS.md 2026-12-07 18:30). A stream sends without waiting while it has queued
 * less than {@link #limit} since gRPC last said ready, so it holds at most that plus one batch in
 * gRPC's buffers.
 */
final class SendAhead {
  /**
   * The default: {@code -Dsheaf.flight.ahead-bytes=0} waits before every batch (for benchmarks).
   */
  static final long DEFAULT_BYTES = Long.getLong("sheaf.flight.ahead-bytes", 8L << 20);

  private final long limit;
  private long queued;

  SendAhead(long limit) {
    this.limit = limit;
  }

  /**
   * Whether the stream must wait for the client before it sends a batch, given whether gRPC says
   * the stream is ready now. After a wait the caller calls {@link #clientReady}.
   */
  boolean mustWait(boolean ready) {
    if (ready) {
      queued = 0;
      return false;
    }
    return queued >= limit;
  }

  /** The client took what was queued. */
  void clientReady() {
    queued = 0;
  }

  /** A batch of {@code bytes} went into gRPC's buffers. */
  void sent(long bytes) {
    queued += bytes;
  }
}
