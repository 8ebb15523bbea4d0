package dev.sheaf.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.junit.jupiter.api.Test;

class BearerTokensTest {
  private static final long MINUTE = 60_000_000_000L;

  private final AtomicLong now = new AtomicLong();
  private final BearerTokens tokens =
      new BearerTokens(
          new BasicCallHeaderAuthenticator(
              UserCredentials.parse(
                  "alice:"
                      + PasswordHash.create("a1".toCharArray())
                      + ",bob:"
                      + PasswordHash.create("b2".toCharArray()))),
          Duration.ofMinutes(30),
          now::get);

  private static CallHeaders header(String value) {
    CallHeaders headers = new FlightCallHeaders();
    headers.insert("Authorization", value);
    return headers;
  }

  private static CallHeaders basic(String user, String password) {
    return header(
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** Logs in and returns the Authorization value the server sends back. */
  private String login(String user, String password) {
    CallHeaderAuthenticator.AuthResult result = tokens.authenticate(basic(user, password));
    assertThat(result.getPeerIdentity()).isEqualTo(user);
    CallHeaders outgoing = new FlightCallHeaders();
    result.appendToOutgoingHeaders(outgoing);
    String bearer = outgoing.get("Authorization");
    assertThat(bearer).startsWith("Bearer ");
    return bearer;
  }

  @Test
  void aTokenLastsItsLifetimeFromTheLoginHoweverOftenItIsUsed() {
    String bearer = login("alice", "a1");
    for (int minute = 0; minute < 29; minute++) {
      now.addAndGet(MINUTE);
      assertThat(tokens.authenticate(header(bearer)).getPeerIdentity()).isEqualTo("alice");
    }
    now.addAndGet(MINUTE);
    assertThatThrownBy(() -> tokens.authenticate(header(bearer)))
        .isInstanceOf(FlightRuntimeException.class)
        .hasMessageContaining("UNAUTHENTICATED")
        .hasMessageContaining("expired or was revoked");
    // logging in again gives a fresh token
    String again = login("alice", "a1");
    assertThat(again).isNotEqualTo(bearer);
    assertThat(tokens.authenticate(header(again)).getPeerIdentity()).isEqualTo("alice");
  }

  @Test
  void revokingAUserEndsEveryTokenOfThatUserAndNoOther() {
    String first = login("alice", "a1");
    String second = login("alice", "a1");
    String bobs = login("bob", "b2");
    assertThat(tokens.revoke("alice")).isEqualTo(2);
    for (String bearer : new String[] {first, second}) {
      assertThatThrownBy(() -> tokens.authenticate(header(bearer)))
          .hasMessageContaining("expired or was revoked");
    }
    assertThat(tokens.authenticate(header(bobs)).getPeerIdentity()).isEqualTo("bob");
    assertThat(tokens.revoke("alice")).isZero();
  }

  @Test
  void unknownTokensAndWrongPasswordsAreRefused() {
    assertThatThrownBy(() -> tokens.authenticate(header("Bearer made-up")))
        .hasMessageContaining("UNAUTHENTICATED");
    assertThatThrownBy(() -> tokens.authenticate(basic("alice", "b2")))
        .hasMessageContaining("UNAUTHENTICATED");
    assertThatThrownBy(() -> tokens.authenticate(new FlightCallHeaders()))
        .isInstanceOf(FlightRuntimeException.class);
  }

  @Test
  void logTextCannotForgeLines() {
    assertThat(LogText.of("eve\nINFO fake\r")).isEqualTo("eve INFO fake?");
    assertThat(LogText.of("x".repeat(2000))).hasSize(1003);
  }
}
