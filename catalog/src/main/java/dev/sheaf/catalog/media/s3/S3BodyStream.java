package dev.sheaf.catalog.media.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An object's body as an InputStream whose failures are IOExceptions (the SDK's blocking stream
 * throws unchecked SdkExceptions when the connection breaks), and whose early close aborts the
 * connection rather than draining the rest of the body.
 */
final class S3BodyStream extends FilterInputStream {
  private final ResponseInputStream<?> body;
  private boolean finished;

  S3BodyStream(ResponseInputStream<?> body) {
    super(body);
    this.body = body;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      finished |= b < 0;
      return b;
    } catch (SdkException e) {
      throw new IOException("the object's body was cut off: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      int n = super.read(buffer, offset, length);
      finished |= n < 0;
      return n;
    } catch (SdkException e) {
      throw new IOException("the object's body was cut off: " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public void close() throws IOException {
    if (!finished) {
      body.abort();
    }
    try {
      super.close();
    } catch (SdkException e) {
      throw new IOException(e);
    }
  }
}
