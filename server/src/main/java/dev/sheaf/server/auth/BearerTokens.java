package dev.sheaf.server.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens a server hands out at login (basic credentials, checked by {@code login}), in
 * place of Arrow's {@code GeneratedBearerTokenAuthenticator}, whose tokens live as long as they are
 * used: a Sheaf token is good for a fixed lifetime counted from the login, however busy it is, and
 * {@link #revoke} ends every token of a user at once ({@code sheaf logout}). Tokens are 32 random
 * bytes; only their SHA-256 is kept, in memory, so a restart also ends them all. Logins, refused
 * logins and refused tokens are logged with the user name.
 */
public final class BearerTokens implements CallHeaderAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CallHeaderAuthenticator login;
  private final long lifetimeNanos;
  private final LongSupplier clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  private record Token(String user, long expiresAt) {}

  /** Tokens for the users {@code login} accepts, each good for {@code lifetime}. */
  public BearerTokens(CallHeaderAuthenticator login, Duration lifetime) {
    this(login, lifetime, System::nanoTime);
  }

  BearerTokens(CallHeaderAuthenticator login, Duration lifetime, LongSupplier clock) {
    this.login = requireNonNull(login, "login is null");
    this.lifetimeNanos = requireNonNull(lifetime, "lifetime is null").toNanos();
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
    if (bearer != null) {
      String user =
          userOf(bearer)
              .orElseThrow(
                  () ->
                      CallStatus.UNAUTHENTICATED
                          .withDescription(
                              "UNAUTHENTICATED: Cannot use the bearer token: it expired or was"
                                  + " revoked (log in again)")
                          .toRuntimeException());
      return () -> user;
    }
    String user = loginOf(headers);
    String token = issue(user);
    return new AuthResult() {
      @Override
      public String getPeerIdentity() {
        return user;
      }

      @Override
      public void appendToOutgoingHeaders(CallHeaders outgoing) {
        outgoing.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token);
      }
    };
  }

  /**
   * The user of a token this server handed out and that has neither expired nor been revoked; empty
   * otherwise (the web pages check their session cookie with it).
   */
  public Optional<String> userOf(String bearer) {
    String key = digest(bearer);
    Token token = tokens.get(key);
    if (token == null || clock.getAsLong() - token.expiresAt() >= 0) {
      if (token != null) {
        tokens.remove(key, token);
        LOG.info("Refused an expired token of user {}", LogText.of(token.user()));
      }
      return Optional.empty();
    }
    return Optional.of(token.user());
  }

  private String loginOf(CallHeaders headers) {
    String name = basicUser(headers);
    try {
      String user = login.authenticate(headers).getPeerIdentity();
      LOG.info("User {} logged in", LogText.of(user));
      return user;
    } catch (RuntimeException e) {
      if (name != null) {
        LOG.warn("Refused a login as {}: {}", LogText.of(name), LogText.of(e.getMessage()));
      }
      throw e;
    }
  }

  /** A new token for {@code user}; drops tokens that have expired. */
  public String issue(String user) {
    long now = clock.getAsLong();
    tokens.values().removeIf(token -> now - token.expiresAt() >= 0);
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    tokens.put(digest(token), new Token(user, now + lifetimeNanos));
    return token;
  }

  /** Ends every token of {@code user}; returns how many there were. */
  public int revoke(String user) {
    int[] revoked = {0};
    tokens
        .values()
        .removeIf(
            token -> {
              boolean mine = token.user().equals(user);
              revoked[0] += mine ? 1 : 0;
              return mine;
            });
    LOG.info("User {} logged out: {} tokens revoked", LogText.of(user), revoked[0]);
    return revoked[0];
  }

  /**
   * The user name of basic credentials, or null (for the log only; the check is {@code login}'s).
   */
  private static String basicUser(CallHeaders headers) {
    String encoded = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BASIC_PREFIX);
    if (encoded == null) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
