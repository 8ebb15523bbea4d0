package dev.sheaf.server.cli;

import dev.sheaf.server.flight.SheafFlightSqlProducer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code sheaf logout}: logs in as a user and ends every bearer token the server handed that user
 * (every session, on every client), for a token that leaked or a laptop that was lost. Clients
 * holding one get UNAUTHENTICATED at their next call and log in again.
 */
final class LogoutCommand {
  static final Set<String> FLAGS =
      Set.of("host", "port", "username", "password", "tls", "tls-root-certs");

  static final String USAGE =
      """
      usage: sheaf logout --username U [--password P] [--host H] [--port P]
                          [--tls] [--tls-root-certs PEM]
        ends every token the server gave user U (all of U's sessions); the password may come
        from SHEAF_PASSWORD
      """;

  private LogoutCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    Map<String, String> flags = SheafCli.flags(args);
    for (String flag : flags.keySet()) {
      if (!FLAGS.contains(flag)) {
        throw new IllegalArgumentException("sheaf logout has no option --" + flag);
      }
    }
    if (!flags.containsKey("username")) {
      throw new IllegalArgumentException("sheaf logout needs --username");
    }
    try (BufferAllocator allocator = new RootAllocator();
        ServerConnection connection = ServerConnection.open(allocator, flags, System.getenv())) {
      Iterator<Result> results =
          connection
              .flight()
              .doAction(
                  new Action(SheafFlightSqlProducer.LOGOUT, new byte[0]), connection.options());
      String revoked =
          results.hasNext() ? new String(results.next().getBody(), StandardCharsets.US_ASCII) : "0";
      results.forEachRemaining(r -> {});
      out.println("logged out " + flags.get("username") + ": " + revoked + " tokens ended");
      return 0;
    } catch (FlightRuntimeException e) {
      err.println("sheaf logout: " + SqlCommand.describe(e, flags));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      err.println("sheaf logout: " + e.getMessage());
      return 1;
    }
  }
}
