package dev.sheaf.server.flight;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the tickets the server hands out and checks them when they come back: a ticket is its
 * statement handle followed by an HMAC-SHA256 (first 16 bytes) of the handle and the identity of
 * the caller it was issued to, under a key only the server holds. DoGet runs only tickets this
 * server issued to this caller, so a client can neither craft a ticket (a statement of its choice,
 * another caller's kept result) nor use one issued to someone else. The key lives in the data
 * directory ({@code ticket.key}, owner-only), so tickets stay valid across a restart.
 */
final class TicketSigner {
  static final int TAG_BYTES = 16;
  private static final int KEY_BYTES = 32;

  private final SecretKeySpec key;

  private TicketSigner(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** A signer with a key of its own, for one process (tests, embedded servers). */
  static TicketSigner random() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new TicketSigner(key);
  }

  /** The signer whose key is kept in {@code file}, made (readable by the owner only) if absent. */
  static TicketSigner fromKeyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "ticket", ".key");
        try {
          ownerOnly(temporary);
          Files.write(temporary, key);
          Files.move(temporary, file); // another server starting at once may have won: keep its
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(temporary);
        }
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length != KEY_BYTES) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot read the ticket key %s: it holds %d bytes, not %d (delete it: a new one is"
                + " made, and tickets handed out before stop working)",
            file,
            key.length,
            KEY_BYTES);
      }
      return new TicketSigner(key);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or make the ticket key " + file, e);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the data directory's own permissions protect it
    }
  }

  /** The ticket for a handle issued to {@code identity}. */
  byte[] sign(byte[] handle, String identity) {
    byte[] tag = tag(handle, identity);
    byte[] ticket = Arrays.copyOf(handle, handle.length + TAG_BYTES);
    System.arraycopy(tag, 0, ticket, handle.length, TAG_BYTES);
    return ticket;
  }

  /** The handle inside a ticket, once checked as issued to {@code identity} by this server. */
  byte[] verify(byte[] ticket, String identity) {
    if (ticket.length > TAG_BYTES) {
      byte[] handle = Arrays.copyOf(ticket, ticket.length - TAG_BYTES);
      byte[] tag = Arrays.copyOfRange(ticket, ticket.length - TAG_BYTES, ticket.length);
      if (MessageDigest.isEqual(tag, tag(handle, identity))) {
        return handle;
      }
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot run the ticket: this server did not issue it to this caller (ask for it again"
            + " with GetFlightInfo, as the same user)");
  }

  private byte[] tag(byte[] handle, String identity) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(identity == null ? new byte[0] : identity.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(handle);
      return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
