package dev.sheaf.server.web;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sheaf.planner.SheafEngine;
import dev.sheaf.server.auth.BearerTokens;
import dev.sheaf.server.auth.UserCredentials;
import dev.sheaf.server.config.ServerConfig;
import dev.sheaf.server.config.WebSettings;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset browser {@code sheaf serve} serves beside Flight SQL (the JDK's HTTP server, on
 * {@code web-host:web-port}): pages rendered here as plain HTML, a small script, and the media
 * renditions they show. It reads through the engine like Flight does, with Flight's users, tokens
 * and TLS certificate, and runs queries only.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  static final long CACHE_BYTES = 128L << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ExecutorService thumbnails;
  private final boolean tls;

  private WebServer(
      HttpServer server, ExecutorService executor, ExecutorService thumbnails, boolean tls) {
    this.server = server;
    this.executor = executor;
    this.thumbnails = thumbnails;
    this.tls = tls;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger next = new AtomicInteger(1);
    return task -> {
      Thread thread = new Thread(task, prefix + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts serving the pages of {@code engine} as {@code config}'s web settings say. */
  public static WebServer start(
      ServerConfig config, SheafEngine engine, UserCredentials users, BearerTokens tokens) {
    WebSettings settings = config.web();
    ExecutorService thumbnails = Executors.newFixedThreadPool(2, threads("sheaf-web-thumbnails-"));
    WebRoutes routes =
        new WebRoutes(
            engine, new WebAuth(users, tokens, config.usesTls()), CACHE_BYTES, thumbnails);
    HttpServer server;
    InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
    try {
      if (config.usesTls()) {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(
            new HttpsConfigurator(PemTls.context(config.tlsCertificate(), config.tlsKey())));
        server = https;
      } else {
        server = HttpServer.create(address, 64);
      }
    } catch (IOException e) {
      thumbnails.shutdownNow();
      throw new SheafException(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot serve the web pages on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage()
              + " (set web-port to a free port, or web-enabled = false)",
          e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            Math.max(8, Runtime.getRuntime().availableProcessors() * 2), threads("sheaf-web-"));
    server.setExecutor(executor);
    server.createContext("/", routes::handle);
    server.start();
    WebServer web = new WebServer(server, executor, thumbnails, config.usesTls());
    LOG.info("Sheaf serving web pages on {}", web.url(settings.host()));
    return web;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The address a browser opens. */
  public String url(String host) {
    return (tls ? "https://" : "http://") + host + ":" + port() + "/";
  }

  @Override
  public void close() {
    server.stop(1);
    thumbnails.shutdownNow();
    executor.shutdownNow();
  }
}
