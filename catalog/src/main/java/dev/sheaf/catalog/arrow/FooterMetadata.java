package dev.sheaf.catalog.arrow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.Util;

/**
 * Adds a key-value entry to a freshly written Parquet file's footer. Arrow's Java dataset writer
 * writes no file metadata of its own choosing, so {@link ParallelParquetWriter} adds its {@code
 * ARROW:schema} entry here, before the file is published: the footer (the last bytes of the file,
 * its length and the {@code PAR1} magic) is read, the entry appended, and the footer written again
 * in place of the old one. The data pages before it do not move, so their offsets stay right.
 */
final class FooterMetadata {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private FooterMetadata() {}

  static void add(Path file, String key, String value) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      ByteBuffer tail = read(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
      int footerLength = tail.getInt(0);
      for (int i = 0; i < MAGIC.length; i++) {
        if (tail.get(4 + i) != MAGIC[i]) {
          throw new IOException("not a Parquet file (no PAR1 at its end): " + file);
        }
      }
      long footerStart = size - 8 - footerLength;
      ByteBuffer footer = read(channel, footerStart, footerLength);
      FileMetaData metadata =
          Util.readFileMetaData(new ByteArrayInputStream(footer.array(), 0, footerLength));
      metadata.addToKey_value_metadata(new KeyValue(key).setValue(value));
      ByteArrayOutputStream written = new ByteArrayOutputStream();
      Util.writeFileMetaData(metadata, written);
      byte[] bytes = written.toByteArray();
      ByteBuffer end = ByteBuffer.allocate(bytes.length + 8).order(ByteOrder.LITTLE_ENDIAN);
      end.put(bytes).putInt(bytes.length).put(MAGIC).flip();
      channel.truncate(footerStart);
      long at = footerStart;
      while (end.hasRemaining()) {
        at += channel.write(end, at);
      }
    }
  }

  private static ByteBuffer read(FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
    return buffer;
  }
}
