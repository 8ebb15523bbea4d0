package dev.sheaf.server.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code sheaf jobs}: the server's background jobs (backfills of computed columns), one line each
 * with its progress; {@code --wait} follows the running ones until they end.
 */
final class JobsCommand {
  static final Set<String> FLAGS =
      Set.of("host", "port", "username", "password", "tls", "tls-root-certs", "wait");

  static final String USAGE =
      """
      usage: sheaf jobs [--host H] [--port P] [--wait]
                        [--username U [--password P]] [--tls] [--tls-root-certs PEM]
        (no flag)    list every job with its progress, oldest first
        --wait       follow the running jobs until they end; exit 1 unless all end DONE
      """;

  private JobsCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.print(USAGE);
      return 0;
    }
    Map<String, String> flags = SheafCli.flags(args);
    for (String flag : flags.keySet()) {
      if (!FLAGS.contains(flag)) {
        throw new IllegalArgumentException("sheaf jobs has no option --" + flag);
      }
    }
    try (BufferAllocator allocator = new RootAllocator();
        ServerConnection connection = ServerConnection.open(allocator, flags, System.getenv())) {
      SqlCommand.Session sql =
          new SqlCommand.Session(connection.sql(), connection.options(), false);
      if (flags.containsKey("wait")) {
        Set<String> running = JobProgress.running(sql);
        if (running.isEmpty()) {
          out.println("no job is running");
          return 0;
        }
        return JobProgress.follow(sql, running, out, System.console() != null) ? 0 : 1;
      }
      List<JobProgress.Job> jobs = JobProgress.list(sql);
      if (jobs.isEmpty()) {
        out.println("no jobs");
      }
      for (JobProgress.Job job : jobs) {
        out.println(job.id() + "  " + JobProgress.line(job));
      }
      return 0;
    } catch (FlightRuntimeException e) {
      err.println("sheaf jobs: " + SqlCommand.describe(e, flags));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      err.println("sheaf jobs: " + e.getMessage());
      return 1;
    }
  }
}
