package dev.sheaf.server.web;

import dev.sheaf.server.auth.BearerTokens;
import dev.sheaf.server.auth.LogText;
import dev.sheaf.server.auth.UserCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is asking: the web pages take the Flight server's users and tokens. A browser logs in with
 * HTTP basic credentials (checked like a Flight login, throttled) and gets the bearer token a
 * Flight login would get, in an HttpOnly, SameSite=Strict session cookie, so later requests (48
 * thumbnails a page) do not hash the password again; a script or {@code curl} may send {@code
 * Authorization: Bearer <token>} instead. With no users configured every request is let through, as
 * Flight does.
 */
public final class WebAuth {
  private static final Logger LOG = LoggerFactory.getLogger(WebAuth.class);
  static final String COOKIE = "sheaf_session";

  private final UserCredentials users;
  private final BearerTokens tokens;
  private final boolean secure;

  /**
   * @param users the users who may log in (empty: no login)
   * @param tokens the Flight server's tokens, or null when there are no users
   * @param secure whether the pages are served over TLS (the cookie is then Secure)
   */
  public WebAuth(UserCredentials users, BearerTokens tokens, boolean secure) {
    this.users = users;
    this.tokens = tokens;
    this.secure = secure;
  }

  /** The user of the request, or empty when it must be refused with 401. */
  public Optional<String> authenticate(WebExchange exchange) {
    if (users.isEmpty() || tokens == null) {
      return Optional.of("");
    }
    String authorization = exchange.header("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.userOf(authorization.substring(7).strip());
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return login(exchange, authorization.substring(6).strip());
    }
    String session = cookie(exchange.header("Cookie"));
    return session == null ? Optional.empty() : tokens.userOf(session);
  }

  private Optional<String> login(WebExchange exchange, String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    String name = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    try {
      String user = users.validate(name, password).getPeerIdentity();
      String token = tokens.issue(user);
      exchange.setHeader(
          "Set-Cookie",
          COOKIE
              + "="
              + token
              + "; Path=/; HttpOnly; SameSite=Strict"
              + (secure ? "; Secure" : ""));
      LOG.info("User {} logged in to the web pages", LogText.of(user));
      return Optional.of(user);
    } catch (FlightRuntimeException e) {
      LOG.warn("Refused a web login as {}", LogText.of(name));
      return Optional.empty();
    }
  }

  /** The session token of a Cookie header, or null. */
  static String cookie(String header) {
    if (header == null) {
      return null;
    }
    for (String part : header.split(";")) {
      String pair = part.strip();
      if (pair.startsWith(COOKIE + "=")) {
        return pair.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }
}
