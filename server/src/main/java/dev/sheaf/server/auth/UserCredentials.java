package dev.sheaf.server.auth;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * The users a server accepts: names and stored password hashes, from the {@code users} setting
 * ({@code name:hash,name:hash}). Clients log in with basic credentials and get a bearer token.
 * Password checks go through a {@link LoginThrottle}: bounded at once, and a name with 5 failures
 * in a minute is refused until the minute has passed.
 */
public final class UserCredentials implements BasicCallHeaderAuthenticator.CredentialValidator {
  private final Map<String, String> hashes;
  private final LoginThrottle throttle;

  private UserCredentials(Map<String, String> hashes, LoginThrottle throttle) {
    this.hashes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hashes));
    this.throttle = throttle;
  }

  /** These users with another throttle (tests move its clock). */
  UserCredentials withThrottle(LoginThrottle other) {
    return new UserCredentials(hashes, other);
  }

  public static UserCredentials parse(String setting) {
    Map<String, String> hashes = new LinkedHashMap<>();
    if (setting != null) {
      for (String entry : setting.split(",")) {
        String trimmed = entry.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
          throw SheafException.of(
              ErrorCode.INVALID_CONFIGURATION,
              "Cannot read the users setting: each entry is name:hash (make hashes with 'sheaf"
                  + " hash-password')");
        }
        String hash = trimmed.substring(colon + 1);
        PasswordHash.check(hash);
        hashes.put(trimmed.substring(0, colon), hash);
      }
    }
    return new UserCredentials(hashes, LoginThrottle.defaults());
  }

  public boolean isEmpty() {
    return hashes.isEmpty();
  }

  public Set<String> names() {
    return hashes.keySet();
  }

  @Override
  public CallHeaderAuthenticator.AuthResult validate(String username, String password) {
    requireNonNull(username, "username is null");
    String hash = hashes.get(username);
    // hash a password even for an unknown user, so both cases take the same time
    boolean matches =
        throttle.check(
            username,
            () ->
                PasswordHash.matches(
                        password == null ? new char[0] : password.toCharArray(),
                        hash == null ? DUMMY_HASH : hash)
                    && hash != null);
    if (!matches) {
      throw CallStatus.UNAUTHENTICATED
          .withDescription("UNAUTHENTICATED: Cannot log in: unknown user or wrong password")
          .toRuntimeException();
    }
    return () -> username;
  }

  private static final String DUMMY_HASH = PasswordHash.create("not a password".toCharArray());

  @Override
  public String toString() {
    return "UserCredentials" + hashes.keySet();
  }
}
