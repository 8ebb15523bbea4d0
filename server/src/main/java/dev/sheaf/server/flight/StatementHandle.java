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
 * catalog (a kept result: on the server that keeps it). Format version 2: a version byte; the SQL
 * (UTF-8, length first); the prepared statement id on this server (-1 if none); then a kind byte: 0
 * for a whole statement; 1 for a partition of a query split at its scan, followed by the pinned
 * schema, table (UTF-8, length first) and snapshot id, and the partition index and count; 2 for a
 * partition of a kept result, followed by the result id (UTF-8, length first) and the partition
 * index and count. Kind 2 was added without a new version: older tickets read the same.
 */
public record StatementHandle(
    String sql, long preparedId, TablePin pin, String resultId, RowWindow window) {
  private static final byte VERSION = 2;
  private static final byte WHOLE = 0;
  private static final byte PINNED = 1;
  private static final byte KEPT = 2;

  public StatementHandle {
    requireNonNull(sql, "sql is null");
    if (pin != null && resultId != null) {
      throw new IllegalArgumentException("a ticket reads a pinned scan or a kept result");
    }
    if ((pin == null && resultId == null) != (window == null)) {
      throw new IllegalArgumentException("a window comes with a pin or a kept result");
    }
  }

  public StatementHandle(String sql, long preparedId) {
    this(sql, preparedId, null, null, null);
  }

  public StatementHandle(String sql, long preparedId, TablePin pin, RowWindow window) {
    this(sql, preparedId, pin, null, window);
  }

  /** A partition of a kept result. */
  public static StatementHandle kept(String sql, String resultId, RowWindow window) {
    return new StatementHandle(sql, -1, null, requireNonNull(resultId, "resultId is null"), window);
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeText(out, sql);
      out.writeLong(preparedId);
      out.writeByte(pin != null ? PINNED : resultId != null ? KEPT : WHOLE);
      if (pin != null) {
        writeText(out, pin.schema());
        writeText(out, pin.table());
        out.writeLong(pin.snapshotId());
      } else if (resultId != null) {
        writeText(out, resultId);
      }
      if (window != null) {
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
      byte kind = in.readByte();
      return switch (kind) {
        case WHOLE -> new StatementHandle(sql, preparedId);
        case PINNED -> {
          TablePin pin =
              new TablePin(readText(in, bytes.length), readText(in, bytes.length), in.readLong());
          yield new StatementHandle(
              sql, preparedId, pin, new RowWindow(in.readInt(), in.readInt()));
        }
        case KEPT ->
            new StatementHandle(
                sql,
                preparedId,
                null,
                readText(in, bytes.length),
                new RowWindow(in.readInt(), in.readInt()));
        default -> throw new IOException("unknown ticket kind " + kind);
      };
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
