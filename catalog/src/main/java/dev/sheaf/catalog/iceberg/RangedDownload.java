package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.RangeReadable;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * Copies a byte range of an object into a new local file with concurrent ranged GETs: parts of
 * {@link #PART_BYTES}, at most {@link #PARTS_AT_ONCE} in flight per file, each written at its
 * offset. A part is one request ({@link RangeReadable#readFully}, S3's {@code Range} header), so a
 * large data file arrives at several connections' speed and memory stays within the parts in flight
 * (16 MiB per file; {@link S3WarehouseFileIO#DOWNLOADS_AT_ONCE} files at once).
 */
final class RangedDownload {
  static final int PART_BYTES = 4 << 20;
  static final int PARTS_AT_ONCE = 4;

  private RangedDownload() {}

  /**
   * Writes bytes {@code offset .. offset + length} of {@code input} into {@code file}, which must
   * not exist. Fails with MEDIA_NOT_FOUND for a missing object and MEDIA_UNAVAILABLE otherwise
   * (worth another attempt); the caller deletes a partly written file.
   */
  static void copy(InputFile input, long offset, long length, Path file, ExecutorService threads) {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      Semaphore inFlight = new Semaphore(PARTS_AT_ONCE);
      List<Future<?>> parts = new ArrayList<>();
      for (long start = 0; start < length; start += PART_BYTES) {
        long partStart = start;
        int partLength = (int) Math.min(PART_BYTES, length - start);
        inFlight.acquireUninterruptibly();
        parts.add(
            threads.submit(
                () -> {
                  try {
                    copyPart(input, offset + partStart, partLength, channel, partStart);
                  } finally {
                    inFlight.release();
                  }
                  return null;
                }));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } catch (ExecutionException e) {
      throw failure(input, e.getCause());
    } catch (IOException e) {
      throw failure(input, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SheafException.of(
          ErrorCode.CANCELLED, "Cannot download %s: interrupted", input.location());
    }
  }

  private static void copyPart(
      InputFile input, long position, int length, FileChannel channel, long filePosition)
      throws IOException {
    byte[] bytes = new byte[length];
    try (SeekableInputStream stream = input.newStream()) {
      if (stream instanceof RangeReadable ranges) {
        ranges.readFully(position, bytes, 0, length);
      } else {
        stream.seek(position);
        int read = stream.readNBytes(bytes, 0, length);
        if (read != length) {
          throw new IOException("received " + read + " of " + length + " bytes");
        }
      }
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long at = filePosition;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  private static SheafException failure(InputFile input, Throwable cause) {
    if (cause instanceof SheafException sheaf) {
      return sheaf;
    }
    if (cause instanceof NotFoundException) {
      return new SheafException(
          ErrorCode.MEDIA_NOT_FOUND,
          "Cannot download " + input.location() + ": it does not exist",
          cause);
    }
    return new SheafException(
        ErrorCode.MEDIA_UNAVAILABLE,
        "Cannot download " + input.location() + ": " + cause.getMessage(),
        cause);
  }
}
