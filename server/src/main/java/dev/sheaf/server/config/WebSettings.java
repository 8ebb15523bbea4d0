package dev.sheaf.server.config;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Map;

/**
 * Where {@code sheaf serve} serves its web pages (the dataset browser): {@code web-enabled}
 * (default true), {@code web-host} (default the Flight {@code host}) and {@code web-port} (default
 * {@value #DEFAULT_PORT}; when the Flight port is not the default one, an ephemeral port, so that
 * servers started side by side on other Flight ports do not collide). The pages use the Flight
 * server's users, tokens and TLS certificate.
 *
 * @param enabled whether the pages are served at all
 * @param host the address to bind
 * @param port the port, or 0 for an ephemeral one
 */
public record WebSettings(boolean enabled, String host, int port) {
  public static final int DEFAULT_PORT = 31338;

  public WebSettings {
    requireNonNull(host, "host is null");
    if (port < 0 || port > 65535) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION, "Cannot use web-port %d: give 0..65535", port);
    }
  }

  public static WebSettings defaults() {
    return new WebSettings(true, ServerConfig.DEFAULT_HOST, DEFAULT_PORT);
  }

  /** The web settings of {@code values} beside the Flight {@code host} and {@code port}. */
  static WebSettings from(Map<String, String> values, String host, int flightPort) {
    int port = flightPort == ServerConfig.DEFAULT_PORT ? DEFAULT_PORT : 0;
    String text = values.get("web-port");
    if (text != null) {
      try {
        port = Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw SheafException.of(
            ErrorCode.INVALID_CONFIGURATION, "Cannot use web-port '%s': give a number", text);
      }
    }
    return new WebSettings(
        ServerConfigLoader.flag(
            Map.of("web-enabled", values.getOrDefault("web-enabled", "true")),
            "web-enabled",
            "web-enabled"),
        values.getOrDefault("web-host", host),
        port);
  }

  public WebSettings withPort(int newPort) {
    return new WebSettings(enabled, host, newPort);
  }

  public WebSettings withEnabled(boolean newEnabled) {
    return new WebSettings(newEnabled, host, port);
  }
}
