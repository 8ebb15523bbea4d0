package dev.sheaf.server.cli;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The connection {@code sheaf sql} makes: plaintext or TLS (trusting the system's certificate
 * authorities, or the PEM file given with {@code --tls-root-certs}), anonymous or logged in with a
 * user name and a password (from {@code --password} or the {@code SHEAF_PASSWORD} environment
 * variable), exchanged for a bearer token that every later call carries.
 */
final class ServerConnection implements AutoCloseable {
  static final String PASSWORD_VARIABLE = "SHEAF_PASSWORD";

  private final FlightClient flight;
  private final FlightSqlClient sql;
  private final CallOption[] options;

  private ServerConnection(FlightClient flight, CallOption[] options) {
    this.flight = flight;
    this.sql = new FlightSqlClient(flight);
    this.options = options;
  }

  /** Connects as the flags say; {@code environment} supplies SHEAF_PASSWORD. */
  static ServerConnection open(
      BufferAllocator allocator, Map<String, String> flags, Map<String, String> environment) {
    String host = flags.getOrDefault("host", "127.0.0.1");
    int port = port(flags.getOrDefault("port", "31337"));
    String rootCerts = flags.get("tls-root-certs");
    boolean tls = rootCerts != null || Boolean.parseBoolean(flags.getOrDefault("tls", "false"));
    FlightClient.Builder builder =
        FlightClient.builder(
            allocator,
            tls ? Location.forGrpcTls(host, port) : Location.forGrpcInsecure(host, port));
    FlightClient client;
    if (rootCerts != null) {
      try (InputStream certificates = Files.newInputStream(Path.of(rootCerts))) {
        client = builder.useTls().trustedCertificates(certificates).build();
      } catch (IOException e) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot read the TLS root certificates %s: %s (give a PEM file)",
            rootCerts,
            e.getMessage());
      }
    } else {
      client = (tls ? builder.useTls() : builder).build();
    }
    String user = flags.get("username");
    if (user == null) {
      return new ServerConnection(client, new CallOption[0]);
    }
    String password = flags.getOrDefault("password", environment.get(PASSWORD_VARIABLE));
    if (password == null) {
      closeQuietly(client);
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot log in as %s: no password (give --password or set %s)",
          user,
          PASSWORD_VARIABLE);
    }
    try {
      CallOption[] token =
          client.authenticateBasicToken(user, password).stream().toArray(CallOption[]::new);
      return new ServerConnection(client, token);
    } catch (RuntimeException e) {
      closeQuietly(client);
      throw e;
    }
  }

  FlightSqlClient sql() {
    return sql;
  }

  /** The Flight client under {@link #sql()}, for Sheaf's own actions. */
  FlightClient flight() {
    return flight;
  }

  /** What every call sends: the bearer token after a login, else nothing. */
  CallOption[] options() {
    return options.clone();
  }

  @Override
  public void close() throws Exception {
    sql.close();
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + text + "' is not a number");
    }
  }

  private static void closeQuietly(FlightClient client) {
    try {
      client.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
