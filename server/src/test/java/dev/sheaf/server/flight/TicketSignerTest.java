package dev.sheaf.server.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tickets are good only as issued: by this server's key, to this caller, unaltered. */
class TicketSignerTest {
  @TempDir Path directory;

  private static final byte[] HANDLE = "SELECT 1".getBytes(StandardCharsets.UTF_8);

  private static void refused(Runnable check) {
    assertThatThrownBy(check::run)
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("did not issue it to this caller");
            });
  }

  @Test
  void aTicketIsGoodOnlyForItsCallerAndOnlyUnaltered() {
    TicketSigner signer = TicketSigner.random();
    byte[] ticket = signer.sign(HANDLE, "alice");
    assertThat(signer.verify(ticket, "alice")).isEqualTo(HANDLE);
    refused(() -> signer.verify(ticket, "bob"));
    refused(() -> signer.verify(ticket, ""));
    byte[] altered = ticket.clone();
    altered[0] ^= 1;
    refused(() -> signer.verify(altered, "alice"));
    refused(() -> signer.verify(HANDLE, "alice")); // a bare handle, as clients could once craft
    refused(() -> signer.verify(Arrays.copyOf(ticket, 3), "alice"));
    refused(() -> TicketSigner.random().verify(ticket, "alice")); // another server's key
  }

  @Test
  void theKeyFileOutlivesTheServerAndOnlyItsOwnerReadsIt() throws Exception {
    Path key = directory.resolve("data").resolve("ticket.key");
    byte[] ticket = TicketSigner.fromKeyFile(key).sign(HANDLE, "alice");
    assertThat(TicketSigner.fromKeyFile(key).verify(ticket, "alice")).isEqualTo(HANDLE);
    assertThat(Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Files.write(key, new byte[5]);
    assertThatThrownBy(() -> TicketSigner.fromKeyFile(key))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
  }
}
