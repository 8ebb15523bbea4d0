package dev.sheaf.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * {@code sheaf ingest media SOURCE DEST [--table T --column C]}: sends {@code INGEST MEDIA FROM
 * 'SOURCE' TO 'DEST' [INTO TABLE T (C)]} to the server, which runs the migration as a background
 * job, and follows the job with a progress bar until it ends (unless {@code --no-wait}). The same
 * command again resumes the same job. Exit status 0 when every object was copied.
 */
final class IngestCommand {
  static final Set<String> FLAGS =
      Set.of(
          "host",
          "port",
          "username",
          "password",
          "tls",
          "tls-root-certs",
          "table",
          "column",
          "no-wait");

  static final String USAGE =
      """
      usage: sheaf ingest media SOURCE DEST [--table T --column C] [--no-wait]
                              [--host H] [--port P] [--username U] [--tls] ...
        SOURCE   a folder or prefix (file:///data/photos/, s3://bucket/photos/), or a file of
                 URLs, one per line (https://host/urls.txt, file:///data/urls.txt)
        DEST     a folder or prefix the server can write (s3://bucket/prefix/, file:///...)
        --table T --column C   register each copy as a row of table T (media column C; also
                               source_uri, size_bytes and sha256 where T has them)
        --no-wait              print the job id and return; follow it with sheaf jobs --wait
      Running the same command again resumes the migration: nothing is copied twice.
      """;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private IngestCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> list = List.of(args);
    if (list.contains("--help") || list.contains("-h") || list.isEmpty()) {
      out.print(USAGE);
      return list.isEmpty() ? 2 : 0;
    }
    if (!list.getFirst().equals("media") || list.size() < 3 || list.get(1).startsWith("--")) {
      err.print(USAGE);
      return 2;
    }
    String source = list.get(1);
    String destination = list.get(2);
    Map<String, String> flags = SheafCli.flags(Arrays.copyOfRange(args, 3, args.length));
    for (String flag : flags.keySet()) {
      if (!FLAGS.contains(flag)) {
        throw new IllegalArgumentException("sheaf ingest media has no option --" + flag);
      }
    }
    String statement = statement(source, destination, flags.get("table"), flags.get("column"));
    try (BufferAllocator allocator = new RootAllocator();
        ServerConnection connection = ServerConnection.open(allocator, flags, System.getenv())) {
      SqlCommand.Session sql =
          new SqlCommand.Session(connection.sql(), connection.options(), false);
      String job = start(sql, statement);
      if (flags.containsKey("no-wait")) {
        out.println(job);
        return 0;
      }
      err.println("job " + job);
      boolean done = JobProgress.follow(sql, Set.of(job), err, System.console() != null);
      JobProgress.Job end =
          JobProgress.list(sql).stream().filter(j -> j.id().equals(job)).findFirst().orElseThrow();
      out.println(
          job + " " + end.state() + " " + end.rowsDone() + " objects, " + end.errors() + " failed");
      return done && end.errors() == 0 ? 0 : 1;
    } catch (FlightRuntimeException e) {
      err.println("sheaf ingest: " + SqlCommand.describe(e, flags));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      err.println("sheaf ingest: " + e.getMessage());
      return 1;
    }
  }

  /** The statement for the arguments; table and column names are plain identifiers. */
  static String statement(String source, String destination, String table, String column) {
    StringBuilder sql =
        new StringBuilder("INGEST MEDIA FROM ")
            .append(literal(source))
            .append(" TO ")
            .append(literal(destination));
    if ((table == null) != (column == null)) {
      throw new IllegalArgumentException("--table and --column go together");
    }
    if (table != null) {
      for (String part : table.split("\\.", -1)) {
        requireName(part, "--table");
      }
      requireName(column, "--column");
      sql.append(" INTO TABLE ").append(table).append(" (").append(column).append(')');
    }
    return sql.toString();
  }

  private static void requireName(String name, String flag) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          flag + " '" + name + "' is not a plain name (letters, digits and _; schema.table)");
    }
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** Runs the statement and answers the job id of its one row. */
  private static String start(SqlCommand.Session sql, String statement) throws Exception {
    CallOption[] options = sql.options();
    FlightInfo info = sql.client().execute(statement, options);
    List<String> ids = new ArrayList<>();
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      try (FlightStream stream = sql.client().getStream(endpoint.getTicket(), options)) {
        VectorSchemaRoot root = stream.getRoot();
        while (stream.next()) {
          for (int row = 0; row < root.getRowCount(); row++) {
            ids.add(root.getVector("job_id").getObject(row).toString());
          }
        }
      }
    }
    if (ids.size() != 1) {
      throw new IllegalStateException("the server answered " + ids.size() + " jobs, not one");
    }
    return ids.getFirst();
  }
}
