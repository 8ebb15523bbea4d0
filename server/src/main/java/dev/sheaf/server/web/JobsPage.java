package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;

/**
 * The background jobs ({@code sys.jobs}) with their progress: the page renders them once, and its
 * script polls {@code /api/jobs} every second and moves the bars.
 */
final class JobsPage {
  static final String SQL =
      "SELECT job_id, kind, table_schema, table_name, column_name, state, rows_done, rows_total,"
          + " errors, rows_per_second, seconds_left, message FROM sys.jobs ORDER BY created_at DESC";

  private final ReadOnlyQueries queries;

  JobsPage(ReadOnlyQueries queries) {
    this.queries = requireNonNull(queries, "queries is null");
  }

  void show(WebExchange exchange) throws IOException {
    QueryRows jobs = queries.run(SQL, List.of(), 1000);
    StringBuilder body = new StringBuilder();
    body.append("<table class=\"rows\" id=\"jobs\"><thead><tr><th>job</th><th>kind</th>")
        .append("<th>table</th><th>column</th><th>state</th><th>progress</th><th>errors</th>")
        .append("<th>rows/s</th><th>seconds left</th><th>message</th></tr></thead><tbody>\n");
    for (int row = 0; row < jobs.rows().size(); row++) {
      String done = jobs.text(row, "rows_done");
      String total = jobs.text(row, "rows_total");
      body.append("<tr data-job=\"")
          .append(Html.text(jobs.text(row, "job_id")))
          .append("\"><td>")
          .append(Html.text(jobs.text(row, "job_id")))
          .append("</td><td>")
          .append(Html.text(jobs.text(row, "kind")))
          .append("</td><td>")
          .append(Html.text(jobs.text(row, "table_schema") + "." + jobs.text(row, "table_name")))
          .append("</td><td>")
          .append(Html.text(jobs.text(row, "column_name")))
          .append("</td><td class=\"state\">")
          .append(Html.text(jobs.text(row, "state")))
          .append("</td><td><progress class=\"done\" max=\"")
          .append(Html.text(total == null ? "1" : total))
          .append("\" value=\"")
          .append(Html.text(done == null ? "0" : done))
          .append("\"></progress> <span class=\"rows\">")
          .append(Html.text(done))
          .append(" / ")
          .append(Html.text(total))
          .append("</span></td><td class=\"errors\">")
          .append(Html.text(jobs.text(row, "errors")))
          .append("</td><td class=\"rate\">")
          .append(Html.text(rounded(jobs.text(row, "rows_per_second"))))
          .append("</td><td class=\"left\">")
          .append(Html.text(rounded(jobs.text(row, "seconds_left"))))
          .append("</td><td class=\"message\">")
          .append(Html.text(jobs.text(row, "message")))
          .append("</td></tr>\n");
    }
    body.append("</tbody></table>\n");
    if (jobs.isEmpty()) {
      body.append("<p id=\"no-jobs\">No jobs.</p>\n");
    }
    exchange.sendHtml(200, PageLayout.page("Jobs", exchange.user(), body.toString()));
  }

  /** A rate or a duration to one decimal, as the page's script shows it; null stays empty. */
  static String rounded(String number) {
    if (number == null) {
      return null;
    }
    try {
      return String.valueOf(Math.round(Double.parseDouble(number) * 10) / 10.0);
    } catch (NumberFormatException e) {
      return number;
    }
  }

  /** {@code /api/jobs}: the same rows as JSON, for the page's poll. */
  void json(WebExchange exchange) throws IOException {
    QueryRows jobs = queries.run(SQL, List.of(), 1000);
    exchange.sendJson(200, Json.rows(jobs));
  }
}
