package dev.sheaf.server;

import dev.sheaf.planner.SheafEngine;
import dev.sheaf.server.auth.BearerTokens;
import dev.sheaf.server.auth.UserCredentials;
import dev.sheaf.server.config.ServerConfig;
import dev.sheaf.server.config.ServerLimits;
import dev.sheaf.server.flight.CallHeaders;
import dev.sheaf.server.flight.SheafFlightSqlProducer;
import dev.sheaf.server.web.WebServer;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Sheaf: the engine behind a Flight SQL server. Closing it drains and releases all. */
public final class SheafServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SheafServer.class);

  private final BufferAllocator allocator;
  private final BufferAllocator engineAllocator;
  private final BufferAllocator flightAllocator;
  private final SheafEngine engine;
  private final SheafFlightSqlProducer producer;
  private final FlightServer server;
  private final ExecutorService executor;
  private final WebServer web;

  /** How long a stopping server lets running calls finish before it cancels them. */
  static final long GRACE_SECONDS = 20;

  /** How long cancelled streams get to stop after the grace period. */
  static final long CANCEL_SECONDS = 5;

  private SheafServer(
      BufferAllocator allocator,
      BufferAllocator engineAllocator,
      BufferAllocator flightAllocator,
      SheafEngine engine,
      SheafFlightSqlProducer producer,
      FlightServer server,
      ExecutorService executor,
      WebServer web) {
    this.allocator = allocator;
    this.engineAllocator = engineAllocator;
    this.flightAllocator = flightAllocator;
    this.engine = engine;
    this.producer = producer;
    this.server = server;
    this.executor = executor;
    this.web = web;
  }

  public static SheafServer start(ServerConfig config) {
    config.checkExposure();
    ServerLimits limits = config.limits();
    BufferAllocator allocator = new RootAllocator(limits.memoryBudget());
    BufferAllocator engineAllocator = allocator.newChildAllocator("engine", 0, Long.MAX_VALUE);
    BufferAllocator flightAllocator = allocator.newChildAllocator("flight", 0, Long.MAX_VALUE);
    SheafEngine engine =
        SheafEngine.open(
            config.catalog(),
            engineAllocator,
            config.media(),
            config.keptResults(),
            config.models());
    engine.sourceProfiles(
        new dev.sheaf.catalog.sources.SourceProfiles(config.sourceSettings(), System.getenv()));
    // kept results do not outlive the process that kept them: drop what a previous run left
    engine.keptResults().clearDirectory();
    UserCredentials users = config.credentials();
    BearerTokens tokens =
        users.isEmpty()
            ? null
            : new BearerTokens(new BasicCallHeaderAuthenticator(users), limits.tokenLifetime());
    SheafFlightSqlProducer producer =
        new SheafFlightSqlProducer(
            engine, flightAllocator, limits, config.dataDirectory().resolve("ticket.key"), tokens);
    Location location =
        config.usesTls()
            ? Location.forGrpcTls(config.host(), config.port())
            : Location.forGrpcInsecure(config.host(), config.port());
    FlightServer.Builder builder =
        FlightServer.builder(allocator, location, producer)
            .middleware(CallHeaders.KEY, new CallHeaders.Factory())
            .maxInboundMessageSize(limits.maxMessageBytes());
    // Sheaf owns the executor, so that a stopping server lets running calls finish (Arrow shuts
    // down an executor it made itself, stranding the calls still running on it).
    ExecutorService executor =
        limits.executorThreads() > 0
            ? Executors.newFixedThreadPool(limits.executorThreads(), new CallThreads())
            : Executors.newCachedThreadPool(new CallThreads());
    builder.executor(executor);
    if (config.usesTls()) {
      try {
        builder.useTls(config.tlsCertificate().toFile(), config.tlsKey().toFile());
      } catch (IOException e) {
        throw new SheafException(
            ErrorCode.INVALID_CONFIGURATION, "Cannot serve TLS: " + e.getMessage(), e);
      }
    }
    if (tokens != null) {
      builder.headerAuthenticator(tokens);
    }
    FlightServer server = builder.build();
    // the web pages first: once the Flight port answers, they do too
    WebServer web = null;
    if (config.web().enabled()) {
      try {
        web = WebServer.start(config, engine, users, tokens);
      } catch (RuntimeException e) {
        executor.shutdownNow();
        producer.close();
        engine.close();
        throw e;
      }
    }
    try {
      server.start();
    } catch (IOException e) {
      if (web != null) {
        web.close();
      }
      engine.close();
      executor.shutdownNow();
      throw new UncheckedIOException("Cannot listen on " + location.getUri(), e);
    }
    LOG.info(
        "Sheaf serving Flight SQL on grpc://{}:{} ({})", config.host(), server.getPort(), config);
    return new SheafServer(
        allocator, engineAllocator, flightAllocator, engine, producer, server, executor, web);
  }

  public int port() {
    return server.getPort();
  }

  /** The port of the web pages, or -1 when they are turned off ({@code web-enabled = false}). */
  public int webPort() {
    return web == null ? -1 : web.port();
  }

  public SheafEngine engine() {
    return engine;
  }

  /** Arrow memory held now by results, ingest batches and metadata, in bytes. */
  public long allocatedBytes() {
    return allocator.getAllocatedMemory();
  }

  /** Prepared statements clients hold open now. */
  public int openPreparedStatements() {
    return producer.openPreparedStatements();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops serving: new calls are refused, running calls get {@link #GRACE_SECONDS} to finish, then
   * running streams are cancelled and get {@link #CANCEL_SECONDS} to stop. An ingest either commits
   * or leaves the table as it was (a commit is one atomic catalog swap). Logs the Arrow memory
   * still held, which is 0 unless a buffer leaked.
   */
  @Override
  public void close() {
    if (web != null) {
      web.close();
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        LOG.info("Cancelling the calls still running after {} s", GRACE_SECONDS);
      }
      // gRPC is done with every call; streams whose client went away may still be producing
      int running = producer.cancelRunning(CANCEL_SECONDS);
      if (running > 0) {
        LOG.warn("{} streams did not stop at shutdown", running);
      }
      server.awaitTermination(CANCEL_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    producer.close();
    engine.close();
    LOG.info("Arrow memory held at shutdown: {} bytes", allocator.getAllocatedMemory());
    flightAllocator.close();
    engineAllocator.close();
    allocator.close();
  }

  /** Names the threads that run Flight calls when their number is configured. */
  private static final class CallThreads implements ThreadFactory {
    private final AtomicInteger next = new AtomicInteger(1);

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "sheaf-call-" + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    }
  }
}
