package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.TableDirectory;
import java.io.IOException;

/** The front page: every table by schema, with links to its grid and its versions. */
final class TablesPage {
  private final TableDirectory directory;
  private final TableVersions versions;

  TablesPage(TableDirectory directory, TableVersions versions) {
    this.directory = requireNonNull(directory, "directory is null");
    this.versions = requireNonNull(versions, "versions is null");
  }

  void list(WebExchange exchange) throws IOException {
    StringBuilder body = new StringBuilder();
    int count = 0;
    for (String schema : directory.schemas()) {
      if (schema.equals("sys") || schema.equals("information_schema")) {
        continue;
      }
      var tables = directory.tables(schema);
      if (tables.isEmpty()) {
        continue;
      }
      body.append("<h2>").append(Html.text(schema)).append("</h2>\n<ul class=\"tables\">\n");
      for (String table : tables) {
        TableRef ref = new TableRef(schema, table, null);
        String name = Html.text(Html.query(ref.name()));
        body.append("<li><a class=\"table-link\" href=\"/table?t=")
            .append(name)
            .append("\">")
            .append(Html.text(ref.name()))
            .append("</a> <a class=\"small\" href=\"/history?t=")
            .append(name)
            .append("\">versions</a></li>\n");
        count++;
      }
      body.append("</ul>\n");
    }
    if (count == 0) {
      body.append("<p>No tables yet. Create one with <code>sheaf sql</code>.</p>");
    }
    exchange.sendHtml(200, PageLayout.page("Tables", exchange.user(), body.toString()));
  }

  void history(WebExchange exchange) throws IOException {
    TableRef table = TableRef.find(directory, exchange.parameter("t"), null);
    QueryRows history = versions.history(table);
    QueryRows refs = versions.refs(table);
    String name = Html.text(Html.query(table.name()));
    StringBuilder body = new StringBuilder();
    body.append("<p><a href=\"/table?t=")
        .append(name)
        .append("\">Browse the current version</a></p>");
    body.append("<h2>Versions</h2>\n<table class=\"rows\"><thead><tr>");
    for (String column : history.columns()) {
      body.append("<th>").append(Html.text(column)).append("</th>");
    }
    body.append("<th></th></tr></thead><tbody>\n");
    for (int row = 0; row < history.rows().size(); row++) {
      body.append("<tr>");
      for (Object value : history.rows().get(row)) {
        body.append("<td>").append(PageLayout.cell(value)).append("</td>");
      }
      body.append("<td><a href=\"/table?t=")
          .append(name)
          .append("&amp;v=")
          .append(Html.text(Html.query(history.text(row, "version"))))
          .append("\">browse</a></td></tr>\n");
    }
    body.append("</tbody></table>\n<h2>Tags and branches</h2>\n").append(PageLayout.table(refs));
    exchange.sendHtml(
        200, PageLayout.page("Versions of " + table.name(), exchange.user(), body.toString()));
  }
}
