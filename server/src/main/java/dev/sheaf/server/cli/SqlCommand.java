package dev.sheaf.server.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code sheaf sql}: a Flight SQL command-line client. One statement with {@code -c}, a script with
 * {@code -f}, or an interactive prompt reading statements ended by {@code ;}.
 */
final class SqlCommand {
  private SqlCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> flags = SheafCli.flags(args);
    String host = flags.getOrDefault("host", "127.0.0.1");
    int port = Integer.parseInt(flags.getOrDefault("port", "31337"));
    ResultPrinter printer = new ResultPrinter(out, flags.getOrDefault("format", "table"));
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client =
            FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build();
        FlightSqlClient sql = new FlightSqlClient(client)) {
      if (flags.containsKey("command")) {
        return runAll(sql, SqlScript.split(flags.get("command")), printer, err);
      }
      if (flags.containsKey("file")) {
        String text = Files.readString(Path.of(flags.get("file")), StandardCharsets.UTF_8);
        return runAll(sql, SqlScript.split(text), printer, err);
      }
      return interactive(sql, printer, out, err);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      err.println("sheaf sql: " + e.getMessage());
      return 1;
    }
  }

  private static int runAll(
      FlightSqlClient sql, List<String> statements, ResultPrinter printer, PrintStream err)
      throws InterruptedException {
    for (String statement : statements) {
      if (!execute(sql, statement, printer, err)) {
        return 1;
      }
    }
    return 0;
  }

  private static int interactive(
      FlightSqlClient sql, ResultPrinter printer, PrintStream out, PrintStream err)
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
  static boolean execute(
      FlightSqlClient sql, String statement, ResultPrinter printer, PrintStream err)
      throws InterruptedException {
    try (FlightSqlClient.PreparedStatement prepared = sql.prepare(statement)) {
      if (prepared.getResultSetSchema().getFields().isEmpty()) {
        printer.updated(prepared.executeUpdate());
        return true;
      }
      FlightInfo info = prepared.execute();
      for (FlightEndpoint endpoint : info.getEndpoints()) {
        try (FlightStream stream = sql.getStream(endpoint.getTicket())) {
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
      return true;
    } catch (FlightRuntimeException e) {
      err.println("error: " + e.status().description());
      return false;
    }
  }
}
