package dev.sheaf.server.web;

import com.sun.net.httpserver.HttpExchange;
import dev.sheaf.planner.SheafEngine;
import dev.sheaf.planner.TableDirectory;
import dev.sheaf.spi.error.ErrorCategory;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which page answers which path, after the login check: GET and HEAD only (the pages change
 * nothing). Errors become a page that names their code: 401 without a login, 404 for a table,
 * version or page that is not there, 400 for other user errors, 500 for the rest (whose cause is
 * logged, never sent).
 */
final class WebRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebRoutes.class);
  private static final String STATIC = "/dev/sheaf/server/web/static/";

  private final WebAuth auth;
  private final TablesPage tables;
  private final GridPage grid;
  private final RowPage row;
  private final JobsPage jobs;
  private final MediaEndpoints media;

  WebRoutes(SheafEngine engine, WebAuth auth, long cacheBytes, Executor thumbnails) {
    this.auth = auth;
    ReadOnlyQueries queries = new ReadOnlyQueries(engine);
    TableDirectory directory = engine.tables();
    TableVersions versions = new TableVersions(queries);
    this.tables = new TablesPage(directory, versions);
    this.media = new MediaEndpoints(directory, queries, new ThumbnailCache(cacheBytes));
    this.grid = new GridPage(directory, queries, versions, media, thumbnails);
    this.row = new RowPage(queries, grid);
    this.jobs = new JobsPage(queries);
  }

  void handle(HttpExchange http) throws IOException {
    try (http) {
      WebExchange exchange = new WebExchange(http);
      try {
        route(exchange);
      } catch (SheafException e) {
        exchange.sendHtml(
            status(e.code()),
            PageLayout.page(
                "Cannot show this page",
                exchange.user(),
                PageLayout.error(e.code().name(), e.getMessage())));
      } catch (RuntimeException e) {
        LOG.warn("Web request {} failed", exchange.path(), e);
        exchange.sendHtml(
            500,
            PageLayout.page(
                "Cannot show this page",
                exchange.user(),
                PageLayout.error(
                    ErrorCode.INTERNAL_ERROR.name(),
                    "The server failed to make this page (its log says why)")));
      }
    }
  }

  private void route(WebExchange exchange) throws IOException {
    String method = exchange.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.setHeader("Allow", "GET, HEAD");
      exchange.sendHtml(
          405,
          PageLayout.page(
              "Read-only",
              "",
              PageLayout.error(
                  ErrorCode.NOT_SUPPORTED.name(),
                  "Cannot " + method + " here: the web pages only read")));
      return;
    }
    String path = exchange.path();
    if (path.startsWith("/static/")) {
      staticFile(exchange, path.substring("/static/".length()));
      return;
    }
    Optional<String> user = auth.authenticate(exchange);
    if (user.isEmpty()) {
      exchange.setHeader("WWW-Authenticate", "Basic realm=\"Sheaf\", charset=\"UTF-8\"");
      exchange.sendHtml(
          401,
          PageLayout.page(
              "Log in",
              "",
              PageLayout.error(
                  "UNAUTHENTICATED",
                  "Cannot show this page: log in with a Sheaf user (the users setting of sheaf"
                      + " serve)")));
      return;
    }
    exchange.user(user.get());
    switch (path) {
      case "/", "/tables" -> tables.list(exchange);
      case "/history" -> tables.history(exchange);
      case "/table" -> grid.show(exchange);
      case "/row" -> row.show(exchange);
      case "/jobs" -> jobs.show(exchange);
      case "/api/jobs" -> jobs.json(exchange);
      case "/thumb" -> media.thumb(exchange);
      case "/image" -> media.image(exchange);
      case "/frame" -> media.frame(exchange);
      case "/audio" -> media.audio(exchange);
      default ->
          exchange.sendHtml(
              404,
              PageLayout.page(
                  "Not found",
                  exchange.user(),
                  PageLayout.error("NOT_FOUND", "There is no page " + path)));
    }
  }

  private static void staticFile(WebExchange exchange, String name) throws IOException {
    String type =
        name.endsWith(".css")
            ? "text/css; charset=utf-8"
            : name.endsWith(".js") ? "text/javascript; charset=utf-8" : null;
    InputStream in =
        type == null || !name.matches("[a-z]+\\.(css|js)")
            ? null
            : WebRoutes.class.getResourceAsStream(STATIC + name);
    if (in == null) {
      exchange.send(
          404,
          "text/plain; charset=utf-8",
          "not found".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    byte[] bytes;
    try (in) {
      bytes = in.readAllBytes();
    }
    exchange.setHeader("Cache-Control", "public, max-age=3600");
    exchange.send(200, type, bytes);
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case TABLE_NOT_FOUND, SCHEMA_NOT_FOUND, VERSION_NOT_FOUND, REFERENCE_NOT_FOUND -> 404;
      case NOT_SUPPORTED -> 403;
      default -> code.category() == ErrorCategory.USER ? 400 : 500;
    };
  }
}
