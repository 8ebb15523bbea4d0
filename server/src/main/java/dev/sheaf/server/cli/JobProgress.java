package dev.sheaf.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Background jobs as the CLI shows them: read from the server's {@code sys.jobs} table, one line
 * per job with a progress bar, rows done of the total, rate, time left and errors; {@link #follow}
 * redraws the lines until the jobs end (in place on a terminal, a line per tenth of progress
 * otherwise).
 */
final class JobProgress {
  static final String QUERY =
      "SELECT job_id, table_schema, table_name, column_name, state, rows_done, rows_total,"
          + " errors, rows_per_second, seconds_left, message, kind FROM sys.jobs";

  private static final int BAR = 24;
  private static final long POLL_MILLIS = 500;

  /** One row of {@code sys.jobs}. */
  record Job(
      String kind,
      String id,
      String table,
      String column,
      String state,
      long rowsDone,
      long rowsTotal,
      long errors,
      double rowsPerSecond,
      Double secondsLeft,
      String message) {
    boolean running() {
      return "RUNNING".equals(state);
    }

    int percent() {
      return rowsTotal <= 0 ? (running() ? 0 : 100) : (int) (100 * rowsDone / rowsTotal);
    }
  }

  private JobProgress() {}

  /** Every job the server knows, oldest first. */
  static List<Job> list(SqlCommand.Session sql) {
    CallOption[] options = sql.options();
    List<Job> jobs = new ArrayList<>();
    FlightInfo info = sql.client().execute(QUERY, options);
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      try (FlightStream stream = sql.client().getStream(endpoint.getTicket(), options)) {
        VectorSchemaRoot root = stream.getRoot();
        while (stream.next()) {
          for (int row = 0; row < root.getRowCount(); row++) {
            jobs.add(job(root, row));
          }
        }
      } catch (Exception e) {
        throw e instanceof RuntimeException r ? r : new RuntimeException(e);
      }
    }
    return jobs;
  }

  private static Job job(VectorSchemaRoot root, int row) {
    Object secondsLeft = value(root, "seconds_left", row);
    Object rate = value(root, "rows_per_second", row);
    return new Job(
        text(root, "kind", row),
        text(root, "job_id", row),
        text(root, "table_schema", row) + "." + text(root, "table_name", row),
        text(root, "column_name", row),
        text(root, "state", row),
        number(root, "rows_done", row),
        number(root, "rows_total", row),
        number(root, "errors", row),
        rate == null ? 0 : ((Number) rate).doubleValue(),
        secondsLeft == null ? null : ((Number) secondsLeft).doubleValue(),
        text(root, "message", row));
  }

  private static Object value(VectorSchemaRoot root, String name, int row) {
    FieldVector vector = root.getVector(name);
    return vector.isNull(row) ? null : vector.getObject(row);
  }

  private static String text(VectorSchemaRoot root, String name, int row) {
    Object value = value(root, name, row);
    return value == null ? null : value.toString();
  }

  private static long number(VectorSchemaRoot root, String name, int row) {
    Object value = value(root, name, row);
    return value == null ? 0 : ((Number) value).longValue();
  }

  /**
   * A job's line: {@code backfill main.t.c [#####.....] 50% 5,000/10,000 rows ...}, {@code index
   * main.t.name [...] ...} for an index build, {@code ingest main.t.c [...] 50% 500/1,000 objects}
   * for a media migration (its job id when it registers no rows; the total grows while the source
   * is listed).
   */
  static String line(Job job) {
    int filled = Math.min(BAR, job.percent() * BAR / 100);
    StringBuilder text = new StringBuilder();
    boolean ingest = "media_ingest".equals(job.kind());
    text.append(ingest ? "ingest " : "index".equals(job.kind()) ? "index " : "backfill ");
    if (ingest && (job.column() == null || job.column().isEmpty())) {
      text.append(job.id());
    } else {
      text.append(job.table()).append('.').append(job.column());
    }
    text.append(" [")
        .append("#".repeat(filled))
        .append(".".repeat(BAR - filled))
        .append("] ")
        .append(String.format(Locale.ROOT, "%3d%%", job.percent()))
        .append(
            String.format(
                Locale.ROOT,
                " %,d/%,d %s",
                job.rowsDone(),
                job.rowsTotal(),
                ingest ? "objects" : "rows"));
    if (job.rowsPerSecond() > 0) {
      text.append(
          String.format(
              Locale.ROOT, ", %,.0f %s/s", job.rowsPerSecond(), ingest ? "objects" : "rows"));
    }
    if (job.running() && job.secondsLeft() != null) {
      text.append(String.format(Locale.ROOT, ", ~%.0f s left", job.secondsLeft()));
    }
    text.append(String.format(Locale.ROOT, ", %,d errors", job.errors()));
    text.append(" ").append(job.state());
    if (!job.running() && job.message() != null) {
      text.append(" (").append(job.message()).append(')');
    }
    return text.toString();
  }

  /** The ids of every job. */
  static Set<String> ids(SqlCommand.Session sql) {
    Set<String> ids = new java.util.LinkedHashSet<>();
    list(sql).forEach(job -> ids.add(job.id()));
    return ids;
  }

  /** The ids of the jobs running now. */
  static Set<String> running(SqlCommand.Session sql) {
    Set<String> ids = new java.util.LinkedHashSet<>();
    for (Job job : list(sql)) {
      if (job.running()) {
        ids.add(job.id());
      }
    }
    return ids;
  }

  /**
   * Shows the jobs with these ids until none runs, on {@code out}: on a terminal the running job's
   * line is redrawn in place, otherwise a line is printed per tenth of progress; every job's last
   * line is printed when all have ended. Returns whether all ended DONE.
   */
  static boolean follow(SqlCommand.Session sql, Set<String> ids, PrintStream out, boolean terminal)
      throws InterruptedException {
    Map<String, Integer> shownTenths = new LinkedHashMap<>();
    while (true) {
      List<Job> jobs = list(sql).stream().filter(job -> ids.contains(job.id())).toList();
      Job running = jobs.stream().filter(Job::running).findFirst().orElse(null);
      if (running == null) {
        if (terminal) {
          out.print("\r");
        }
        jobs.forEach(job -> out.println(line(job)));
        out.flush();
        return jobs.stream().allMatch(job -> "DONE".equals(job.state()));
      }
      if (terminal) {
        out.print("\r" + line(running));
      } else {
        for (Job job : jobs) {
          int tenth = job.percent() / 10;
          if (job.running() && !Integer.valueOf(tenth).equals(shownTenths.put(job.id(), tenth))) {
            out.println(line(job));
          }
        }
      }
      out.flush();
      Thread.sleep(POLL_MILLIS);
    }
  }
}
