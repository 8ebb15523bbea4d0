package dev.sheaf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.apache.arrow.flight.FlightRuntimeException;
import org.junit.jupiter.api.Test;

class UserCredentialsTest {
  @Test
  void hashesVerifyOnlyTheirPassword() {
    String hash = PasswordHash.create("correct horse".toCharArray());
    assertThat(hash).startsWith("pbkdf2-sha256$210000$").doesNotContain("correct horse");
    assertThat(PasswordHash.matches("correct horse".toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.matches("correct hors".toCharArray(), hash)).isFalse();
    assertThat(PasswordHash.create("correct horse".toCharArray())).isNotEqualTo(hash);
  }

  @Test
  void usersLogInWithTheirOwnPassword() {
    UserCredentials users =
        UserCredentials.parse(
            "alice:"
                + PasswordHash.create("a1".toCharArray())
                + ", bob:"
                + PasswordHash.create("b2".toCharArray()));
    assertThat(users.names()).containsExactly("alice", "bob");
    assertThat(users.validate("alice", "a1").getPeerIdentity()).isEqualTo("alice");
    assertThatThrownBy(() -> users.validate("alice", "b2"))
        .isInstanceOf(FlightRuntimeException.class)
        .hasMessageContaining("UNAUTHENTICATED");
    assertThatThrownBy(() -> users.validate("carol", "a1"))
        .isInstanceOf(FlightRuntimeException.class);
    assertThat(users.toString()).doesNotContain("pbkdf2");
  }

  @Test
  void malformedSettingsFailStartup() {
    assertThat(UserCredentials.parse(null).isEmpty()).isTrue();
    for (String bad : new String[] {"alice", "alice:plaintext", "alice:pbkdf2-sha256$1$x$y"}) {
      assertThatThrownBy(() -> UserCredentials.parse(bad))
          .isInstanceOf(SheafException.class)
          .satisfies(
              e ->
                  assertThat(((SheafException) e).code())
                      .isEqualTo(ErrorCode.INVALID_CONFIGURATION))
          .hasMessageNotContaining("plaintext");
    }
  }

  @Test
  void fiveFailuresLockANameOutForAMinuteWithoutCheckingItsPassword() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    long second = 1_000_000_000L;
    UserCredentials users =
        UserCredentials.parse("alice:" + PasswordHash.create("a1".toCharArray()))
            .withThrottle(new LoginThrottle(2, 5, 60 * second, now::get));
    for (int attempt = 0; attempt < 5; attempt++) {
      now.addAndGet(second);
      assertThatThrownBy(() -> users.validate("alice", "guess"))
          .hasMessageContaining("unknown user or wrong password");
    }
    // now even the right password is refused, and the message says how long to wait
    assertThatThrownBy(() -> users.validate("alice", "a1"))
        .isInstanceOf(FlightRuntimeException.class)
        .hasMessageContaining("too many failed logins")
        .hasMessageContaining("try again in 56 s");
    // another name is not locked out with it
    assertThatThrownBy(() -> users.validate("mallory", "x"))
        .hasMessageContaining("unknown user or wrong password");
    now.addAndGet(57 * second); // the first failure left the window
    assertThat(users.validate("alice", "a1").getPeerIdentity()).isEqualTo("alice");
  }
}
