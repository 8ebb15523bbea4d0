package dev.sheaf.server.flight;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes inside a statement ticket: the SQL and, for a prepared statement, its id on this
 * server. Format version 1: a version byte, the SQL's UTF-8 length and bytes, the prepared id (-1
 * if none).
 */
public record StatementHandle(String sql, long preparedId) {
  private static final byte VERSION = 1;

  public StatementHandle {
    requireNonNull(sql, "sql is null");
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      byte[] text = sql.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(text.length);
      out.write(text);
      out.writeLong(preparedId);
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
      int length = in.readInt();
      if (length < 0 || length > bytes.length) {
        throw new IOException("bad length " + length);
      }
      byte[] text = in.readNBytes(length);
      return new StatementHandle(
          new String(text, java.nio.charset.StandardCharsets.UTF_8), in.readLong());
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read the ticket: it is malformed (get a new one with GetFlightInfo)",
          e);
    }
  }
}
