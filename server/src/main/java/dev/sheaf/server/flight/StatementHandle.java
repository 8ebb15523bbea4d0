package dev.sheaf.server.flight;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.exec.TablePin;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bytes inside a statement ticket: everything needed to run it again on any server sharing the
 * catalog. Format version 2: a version byte; the SQL (UTF-8, length first); the prepared statement
 * id on this server (-1 if none); then, for a partition of a pinned query, a 1 byte, the pinned
 * schema, table (UTF-8, length first) and snapshot id, and the partition index and count; else a 0
 * byte.
 */
public record StatementHandle(String sql, long preparedId, TablePin pin, RowWindow window) {
  private static final byte VERSION = 2;

  public StatementHandle {
    requireNonNull(sql, "sql is null");
    if ((pin == null) != (window == null)) {
      throw new IllegalArgumentException("a pin and a window come together");
    }
  }

  public StatementHandle(String sql, long preparedId) {
    this(sql, preparedId, null, null);
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeText(out, sql);
      out.writeLong(preparedId);
      out.writeByte(pin == null ? 0 : 1);
      if (pin != null) {
        writeText(out, pin.schema());
        writeText(out, pin.table());
        out.writeLong(pin.snapshotId());
        out.writeInt(window.index());
        out.writeInt(window.count());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static StatementHandle decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot read the ticket: expected format version %d, found %d (get a new ticket)",
            VERSION,
            version);
      }
      String sql = readText(in, bytes.length);
      long preparedId = in.readLong();
      if (in.readByte() == 0) {
        return new StatementHandle(sql, preparedId);
      }
      TablePin pin =
          new TablePin(readText(in, bytes.length), readText(in, bytes.length), in.readLong());
      return new StatementHandle(sql, preparedId, pin, new RowWindow(in.readInt(), in.readInt()));
    } catch (IOException | IllegalArgumentException e) {
      throw new SheafException(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read the ticket: it is malformed (get a new one with GetFlightInfo)",
          e);
    }
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readText(DataInputStream in, int limit) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > limit) {
      throw new IOException("bad length " + length);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
