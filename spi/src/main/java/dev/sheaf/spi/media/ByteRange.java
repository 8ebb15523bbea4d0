package dev.sheaf.spi.media;

/**
 * Bytes {@code [offset, offset + length)} of an object; {@link #ALL} reads everything.
 *
 * @param length the number of bytes, or -1 for the rest of the object
 */
public record ByteRange(long offset, long length) {
  public static final ByteRange ALL = new ByteRange(0, -1);

  public ByteRange {
    if (offset < 0 || length < -1) {
      throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
    }
  }

  public boolean isAll() {
    return offset == 0 && length == -1;
  }
}
