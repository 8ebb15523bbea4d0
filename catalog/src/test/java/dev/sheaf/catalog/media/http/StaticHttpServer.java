package dev.sheaf.catalog.media.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback static file server for http media tests (the JDK's HttpServer): HEAD and GET with
 * strong ETags, If-Match (412), single byte ranges (206), Last-Modified. Paths under {@code
 * /plain/} are served with Last-Modified only (no ETag, no If-Match); {@code /hop/N/path} redirects
 * N times before {@code /path}; {@code /to?url} redirects to url.
 */
final class StaticHttpServer implements AutoCloseable {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private record Resource(byte[] bytes, String etag, Instant modified) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private volatile Instant clock = Instant.parse("2026-01-01T00:00:00Z");

  StaticHttpServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  void put(String path, byte[] bytes) {
    clock = clock.plusSeconds(1); // Last-Modified has second precision
    resources.put(
        path,
        new Resource(
            bytes.clone(), "\"" + Arrays.hashCode(bytes) + "-" + bytes.length + "\"", clock));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.startsWith("/hop/")) {
        String rest = path.substring("/hop/".length());
        int n = Integer.parseInt(rest.substring(0, rest.indexOf('/')));
        String next = rest.substring(rest.indexOf('/'));
        redirect(exchange, n > 1 ? "/hop/" + (n - 1) + next : next);
        return;
      }
      if (path.equals("/to")) {
        redirect(exchange, exchange.getRequestURI().getRawQuery());
        return;
      }
      Resource resource = resources.get(path);
      if (resource == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      boolean plain = path.startsWith("/plain/");
      var headers = exchange.getResponseHeaders();
      if (!plain) {
        headers.set("ETag", resource.etag());
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        if (ifMatch != null && !ifMatch.equals(resource.etag())) {
          exchange.sendResponseHeaders(412, -1);
          return;
        }
      }
      headers.set("Last-Modified", HTTP_DATE.format(resource.modified()));
      headers.set("Accept-Ranges", "bytes");
      byte[] bytes = resource.bytes();
      int from = 0;
      int to = bytes.length;
      int status = 200;
      String range = exchange.getRequestHeaders().getFirst("Range");
      if (range != null && range.startsWith("bytes=")) {
        String[] bounds = range.substring(6).split("-", -1);
        from = Integer.parseInt(bounds[0]);
        to =
            bounds[1].isEmpty()
                ? bytes.length
                : Math.min(bytes.length, Integer.parseInt(bounds[1]) + 1);
        if (from >= bytes.length) {
          headers.set("Content-Range", "bytes */" + bytes.length);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        headers.set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + bytes.length);
      }
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (head) {
        headers.set("Content-Length", String.valueOf(to - from));
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, to - from);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes, from, to - from);
      }
    }
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(302, -1);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
