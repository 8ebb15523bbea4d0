package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to the web pages and its answer: the query parameters, and responses that always
 * carry the security headers (a strict Content-Security-Policy: scripts, styles and images only
 * from this server, no inline script, no framing).
 */
public final class WebExchange {
  /** Scripts, styles, images and media from this server only; no inline script; no framing. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self';"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private final HttpExchange exchange;
  private final Map<String, String> parameters;
  private String user = "";

  public WebExchange(HttpExchange exchange) {
    this.exchange = requireNonNull(exchange, "exchange is null");
    this.parameters = parse(exchange.getRequestURI().getRawQuery());
  }

  /** The query parameters of {@code rawQuery}; the last of a repeated name wins. */
  static Map<String, String> parse(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        values.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: the parameter is ignored
      }
    }
    return values;
  }

  public HttpExchange http() {
    return exchange;
  }

  public String path() {
    return exchange.getRequestURI().getPath();
  }

  public String method() {
    return exchange.getRequestMethod();
  }

  public String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** A query parameter, or null. */
  public String parameter(String name) {
    return parameters.get(name);
  }

  public String parameter(String name, String fallback) {
    String value = parameters.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The logged-in user ("" when the server has no users). */
  public String user() {
    return user;
  }

  void user(String name) {
    this.user = requireNonNull(name, "name is null");
  }

  public void setHeader(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  public void sendHtml(int status, String html) throws IOException {
    send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  public void sendJson(int status, String json) throws IOException {
    setHeader("Cache-Control", "no-store");
    send(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
  }

  public void send(int status, String contentType, byte[] body) throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    if (!headers.containsKey("Cache-Control")) {
      headers.set("Cache-Control", "no-store");
    }
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
