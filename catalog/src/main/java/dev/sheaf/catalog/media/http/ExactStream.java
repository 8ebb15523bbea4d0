package dev.sheaf.catalog.media.http;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A body of a stated length: a connection that ends before it is an error, not a short read. */
final class ExactStream extends FilterInputStream {
  private long left;

  ExactStream(InputStream in, long length) {
    super(in);
    this.left = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (left <= 0) {
      return -1;
    }
    if (length == 0) {
      return 0;
    }
    int n = super.read(buffer, offset, (int) Math.min(length, left));
    if (n < 0) {
      throw new EOFException("the body ended " + left + " bytes early");
    }
    left -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, left));
    left -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), left);
  }
}
