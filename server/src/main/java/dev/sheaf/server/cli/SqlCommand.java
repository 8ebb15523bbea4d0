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
  /**
   * A Flight SQL client and the call options (a bearer token) every call carries; {@code
   * followJobs}: after a statement that starts background jobs, show their progress until they end.
   */
  record Session(FlightSqlClient client, CallOption[] options, boolean followJobs) {
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
          "tls-root-certs",
          "no-wait");

  static final String USAGE =
      """
      usage: sheaf sql [--host H] [--port P] [-c SQL | -f FILE] [--format table|csv]
                       [--username U [--password P]] [--tls] [--tls-root-certs PEM]
        -c SQL       run these statements (separated by ;) and exit
        -f FILE      run the statements of a UTF-8 file; an error names its line
        (neither)    read statements ended by ; from standard input
        --format     table (aligned, the default) or csv
        --no-wait    return as soon as a statement that starts a backfill returns
                     (by default its progress is shown on stderr until the job ends)
        The password may come from SHEAF_PASSWORD instead of --password.
      """;

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (java.util.Arrays.asList(args).contains("--help") || List.of(args).contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    Map<String, String> flags = SheafCli.flags(args);
    for (String flag : flags.keySet()) {
      if (!FLAGS.contains(flag)) {
        throw new IllegalArgumentException("sheaf sql has no option --" + flag);
      }
    }
    ResultPrinter printer = new ResultPrinter(out, flags.getOrDefault("format", "table"));
    try (BufferAllocator allocator = new RootAllocator();
        ServerConnection connection = ServerConnection.open(allocator, flags, System.getenv())) {
      Session sql =
          new Session(connection.sql(), connection.options(), !flags.containsKey("no-wait"));
      if (flags.containsKey("command")) {
        return runAll(sql, SqlScript.statements(flags.get("command")), null, printer, err);
      }
      if (flags.containsKey("file")) {
        String file = flags.get("file");
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return runAll(sql, SqlScript.statements(text), file, printer, err);
      }
      return interactive(sql, printer, out, err);
    } catch (FlightRuntimeException e) {
      err.println("sheaf sql: " + describe(e, flags));
      return 1;
    } catch (java.nio.charset.CharacterCodingException e) {
      err.println("sheaf sql: cannot read " + flags.get("file") + ": it is not UTF-8 text");
      return 1;
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("sheaf sql: cannot read " + flags.get("file") + ": no such file");
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

  /** Runs statements until one fails; a failure from a file names the file and line. */
  private static int runAll(
      Session sql,
      List<SqlScript.Statement> statements,
      String file,
      ResultPrinter printer,
      PrintStream err)
      throws InterruptedException {
    for (SqlScript.Statement statement : statements) {
      String where = file == null ? "" : file + ":" + statement.line() + ": ";
      if (!execute(sql, statement.text(), where, printer, err)) {
        return 1;
      }
    }
    return 0;
  }

  /**
   * A failed call's text: the server's message, or for a server that cannot be reached, where the
   * client tried and what to check.
   */
  static String describe(FlightRuntimeException e, Map<String, String> flags) {
    if (unreachable(e)) {
      return "cannot connect to "
          + flags.getOrDefault("host", "127.0.0.1")
          + ":"
          + flags.getOrDefault("port", "31337")
          + ": is `sheaf serve` running? ("
          + e.status().description()
          + ")";
    }
    return e.status().code() + ": " + e.status().description();
  }

  /**
   * Whether the call failed because the server could not be reached: UNAVAILABLE without the Sheaf
   * error code that the server's own retryable errors (COMMIT_CONFLICT) start with.
   */
  static boolean unreachable(FlightRuntimeException e) {
    String description = e.status().description();
    return e.status().code() == org.apache.arrow.flight.FlightStatusCode.UNAVAILABLE
        && (description == null || !description.matches("^[A-Z][A-Z_]+: (?s).*"));
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
          execute(sql, statement, "", printer, err);
        }
        pending.setLength(0);
      }
      out.print(pending.isEmpty() ? "sheaf> " : "   ...> ");
      out.flush();
    }
    return 0;
  }

  /**
   * Statements that may start a background job: ALTER TABLE ... ADD [COLUMN] ... AS (...) (a
   * backfill), CREATE INDEX (an index build).
   */
  private static final java.util.regex.Pattern STARTS_JOBS =
      java.util.regex.Pattern.compile(
          "^\\s*(ALTER\\s+TABLE\\b.*\\bADD\\b.*\\bAS\\b|CREATE\\s+INDEX\\b|INGEST\\s+MEDIA\\b)",
          java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);

  /**
   * Runs one statement, printing rows or the update count; false when it failed. A statement that
   * starts background jobs shows their progress on {@code err} until they end.
   */
  static boolean execute(
      Session sql, String statement, String where, ResultPrinter printer, PrintStream err)
      throws InterruptedException {
    CallOption[] options = sql.options();
    boolean startsJobs = sql.followJobs() && STARTS_JOBS.matcher(statement).find();
    Set<String> before = startsJobs ? JobProgress.ids(sql) : Set.of();
    try (FlightSqlClient.PreparedStatement prepared = sql.client().prepare(statement, options)) {
      try {
        run(sql, prepared, printer);
      } finally {
        prepared.close(options);
      }
      if (startsJobs) {
        Set<String> started = new java.util.LinkedHashSet<>(JobProgress.ids(sql));
        started.removeAll(before);
        if (!started.isEmpty()) {
          JobProgress.follow(sql, started, err, System.console() != null);
        }
      }
      return true;
    } catch (FlightRuntimeException e) {
      if (unreachable(e)) {
        throw e; // the server is gone: not this statement's error
      }
      err.println("error: " + where + e.status().description());
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
