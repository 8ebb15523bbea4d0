package dev.sheaf.server.cli;

import dev.sheaf.spi.error.SheafException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code sheaf sql}: a Flight SQL command-line client. One statement with {@code -c}, a script with
 * {@code -f}, or an interactive prompt reading statements ended by {@code ;}.
 */
final class SqlCommand {
  /** A Flight SQL client and the call options (a bearer token) every call carries. */
  record Session(FlightSqlClient client, CallOption[] options) {
    Session {
      options = options.clone();
    }

    @Override
    public CallOption[] options() {
      return options.clone();
    }
  }

  private SqlCommand() {}

  static final Set<String> FLAGS =
      Set.of(
          "host",
          "port",
          "command",
          "file",
          "format",
          "username",
          "password",
          "tls",
          "tls-root-certs");

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> flags = SheafCli.flags(args);
    for (String flag : flags.keySet()) {
      if (!FLAGS.contains(flag)) {
        throw new IllegalArgumentException("sheaf sql has no option --" + flag);
      }
    }
    ResultPrinter printer = new ResultPrinter(out, flags.getOrDefault("format", "table"));
    try (BufferAllocator allocator = new RootAllocator();
        ServerConnection connection = ServerConnection.open(allocator, flags, System.getenv())) {
      Session sql = new Session(connection.sql(), connection.options());
      if (flags.containsKey("command")) {
        return runAll(sql, SqlScript.split(flags.get("command")), printer, err);
      }
      if (flags.containsKey("file")) {
        String text = Files.readString(Path.of(flags.get("file")), StandardCharsets.UTF_8);
        return runAll(sql, SqlScript.split(text), printer, err);
      }
      return interactive(sql, printer, out, err);
    } catch (FlightRuntimeException e) {
      err.println("sheaf sql: " + e.status().code() + ": " + e.status().description());
      return 1;
    } catch (SheafException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      err.println("sheaf sql: " + e.getMessage());
      return 1;
    }
  }

  private static int runAll(
      Session sql, List<String> statements, ResultPrinter printer, PrintStream err)
      throws InterruptedException {
    for (String statement : statements) {
      if (!execute(sql, statement, printer, err)) {
        return 1;
      }
    }
    return 0;
  }

  private static int interactive(
      Session sql, ResultPrinter printer, PrintStream out, PrintStream err)
      throws java.io.IOException, InterruptedException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder pending = new StringBuilder();
    out.print("sheaf> ");
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      pending.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        for (String statement : SqlScript.split(pending.toString())) {
          execute(sql, statement, printer, err);
        }
        pending.setLength(0);
      }
      out.print(pending.isEmpty() ? "sheaf> " : "   ...> ");
      out.flush();
    }
    return 0;
  }

  /** Runs one statement, printing rows or the update count; false when it failed. */
  static boolean execute(Session sql, String statement, ResultPrinter printer, PrintStream err)
      throws InterruptedException {
    CallOption[] options = sql.options();
    try (FlightSqlClient.PreparedStatement prepared = sql.client().prepare(statement, options)) {
      try {
        run(sql, prepared, printer);
      } finally {
        prepared.close(options);
      }
      return true;
    } catch (FlightRuntimeException e) {
      err.println("error: " + e.status().description());
      return false;
    }
  }

  private static void run(
      Session sql, FlightSqlClient.PreparedStatement prepared, ResultPrinter printer)
      throws InterruptedException {
    CallOption[] options = sql.options();
    if (prepared.getResultSetSchema().getFields().isEmpty()) {
      printer.updated(prepared.executeUpdate(options));
      return;
    }
    FlightInfo info = prepared.execute(options);
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      try (FlightStream stream = sql.client().getStream(endpoint.getTicket(), options)) {
        VectorSchemaRoot root = stream.getRoot();
        printer.start(root.getSchema());
        while (stream.next()) {
          printer.batch(root);
        }
      } catch (Exception e) {
        if (e instanceof InterruptedException interrupted) {
          throw interrupted;
        }
        throw e instanceof RuntimeException r ? r : new RuntimeException(e);
      }
    }
    printer.finish();
  }
}
