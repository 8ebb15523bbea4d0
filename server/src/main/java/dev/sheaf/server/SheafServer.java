package dev.sheaf.server;

import dev.sheaf.planner.SheafEngine;
import dev.sheaf.server.auth.UserCredentials;
import dev.sheaf.server.config.ServerConfig;
import dev.sheaf.server.flight.CallHeaders;
import dev.sheaf.server.flight.SheafFlightSqlProducer;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
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

  private SheafServer(
      BufferAllocator allocator,
      BufferAllocator engineAllocator,
      BufferAllocator flightAllocator,
      SheafEngine engine,
      SheafFlightSqlProducer producer,
      FlightServer server) {
    this.allocator = allocator;
    this.engineAllocator = engineAllocator;
    this.flightAllocator = flightAllocator;
    this.engine = engine;
    this.producer = producer;
    this.server = server;
  }

  public static SheafServer start(ServerConfig config) {
    config.checkExposure();
    BufferAllocator allocator = new RootAllocator();
    BufferAllocator engineAllocator = allocator.newChildAllocator("engine", 0, Long.MAX_VALUE);
    BufferAllocator flightAllocator = allocator.newChildAllocator("flight", 0, Long.MAX_VALUE);
    SheafEngine engine = SheafEngine.open(config.catalog(), engineAllocator);
    SheafFlightSqlProducer producer = new SheafFlightSqlProducer(engine, flightAllocator);
    Location location =
        config.usesTls()
            ? Location.forGrpcTls(config.host(), config.port())
            : Location.forGrpcInsecure(config.host(), config.port());
    FlightServer.Builder builder =
        FlightServer.builder(allocator, location, producer)
            .middleware(CallHeaders.KEY, new CallHeaders.Factory());
    if (config.usesTls()) {
      try {
        builder.useTls(config.tlsCertificate().toFile(), config.tlsKey().toFile());
      } catch (IOException e) {
        throw new SheafException(
            ErrorCode.INVALID_CONFIGURATION, "Cannot serve TLS: " + e.getMessage(), e);
      }
    }
    UserCredentials users = config.credentials();
    if (!users.isEmpty()) {
      builder.headerAuthenticator(
          new GeneratedBearerTokenAuthenticator(new BasicCallHeaderAuthenticator(users)));
    }
    FlightServer server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      engine.close();
      throw new UncheckedIOException("Cannot listen on " + location.getUri(), e);
    }
    LOG.info(
        "Sheaf serving Flight SQL on grpc://{}:{} ({})", config.host(), server.getPort(), config);
    return new SheafServer(allocator, engineAllocator, flightAllocator, engine, producer, server);
  }

  public int port() {
    return server.getPort();
  }

  public SheafEngine engine() {
    return engine;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
    engine.close();
    flightAllocator.close();
    engineAllocator.close();
    allocator.close();
  }
}
