package dev.sheaf.catalog.media.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input with two limits: each read waits at most the read timeout for bytes, and the
 * whole exchange ends at a deadline, so a body that stalls, or trickles, fails with a {@link
 * SocketTimeoutException} instead of holding a query forever. Closing it closes the socket.
 */
final class DeadlineStream extends FilterInputStream {
  private final Socket socket;
  private final long readTimeoutMillis;
  private final long deadlineNanos;

  DeadlineStream(Socket socket, InputStream in, long readTimeoutMillis, long deadlineNanos) {
    super(in);
    this.socket = socket;
    this.readTimeoutMillis = readTimeoutMillis;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public int read() throws IOException {
    arm();
    return super.read();
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    arm();
    return super.read(buffer, offset, length);
  }

  private void arm() throws IOException {
    long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (leftMillis <= 0) {
      throw new SocketTimeoutException("the response took longer than its deadline");
    }
    socket.setSoTimeout(
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(leftMillis, readTimeoutMillis))));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
