package dev.sheaf.catalog.media.http;

import java.io.IOException;
import java.io.InputStream;

/** An HTTP/1.1 chunked body (RFC 9112 section 7.1): chunk sizes in hex, then a trailer. */
final class ChunkedStream extends InputStream {
  private final InputStream in;
  private long left;
  private boolean done;

  ChunkedStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (done || (left == 0 && !nextChunk())) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, left));
    if (n < 0) {
      throw new IOException("the chunked body ended early");
    }
    left -= n;
    if (left == 0) {
      HttpWire.readLine(in); // the CRLF after the chunk's data
    }
    return n;
  }

  private boolean nextChunk() throws IOException {
    String line = HttpWire.readLine(in);
    int extension = line.indexOf(';');
    String size = (extension >= 0 ? line.substring(0, extension) : line).trim();
    try {
      left = Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw new IOException("a chunk size is not hexadecimal: " + size);
    }
    if (left < 0) {
      throw new IOException("a chunk size is negative");
    }
    if (left == 0) {
      while (!HttpWire.readLine(in).isEmpty()) {
        // trailer fields are not used
      }
      done = true;
      return false;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
