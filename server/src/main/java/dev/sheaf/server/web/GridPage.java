package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.TableDirectory;
import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A table as a grid of thumbnails: the filter and column form, the version selector, a page of
 * cards (thumbnail, chosen columns, a link to the row) and the link to the next page. The
 * thumbnails are separate requests to {@code /thumb}, cached there.
 */
final class GridPage {
  private final TableDirectory directory;
  private final ReadOnlyQueries queries;
  private final TableVersions versions;
  private final MediaEndpoints media;
  private final Executor thumbnails;

  GridPage(
      TableDirectory directory,
      ReadOnlyQueries queries,
      TableVersions versions,
      MediaEndpoints media,
      Executor thumbnails) {
    this.directory = requireNonNull(directory, "directory is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.versions = requireNonNull(versions, "versions is null");
    this.media = requireNonNull(media, "media is null");
    this.thumbnails = requireNonNull(thumbnails, "thumbnails is null");
  }

  void show(WebExchange exchange) throws IOException {
    TableRef table = pinned(exchange);
    List<ResultColumn> columns = queries.columns("SELECT * FROM " + table.rowsSql());
    GridRequest grid = GridRequest.of(exchange, table, columns);
    StringBuilder body = new StringBuilder();
    body.append(form(grid, versions.history(table), versions.refs(table)));
    int status = 200;
    try {
      QueryRows rows = queries.runChecked(grid.sql(), List.of(), grid.size() + 1);
      if (grid.thumb() != null) {
        List<String> rowIds = new java.util.ArrayList<>();
        for (int row = 0; row < Math.min(rows.rows().size(), grid.size()); row++) {
          rowIds.add(rows.text(row, GridRequest.ROWID));
        }
        media.prefetch(table, rowIds, grid.thumb(), thumbnails);
      }
      body.append(cards(grid, rows));
    } catch (SheafException e) {
      status = 400;
      body.append(PageLayout.error(e.code().name(), e.getMessage()));
    }
    exchange.sendHtml(status, PageLayout.page(table.name(), exchange.user(), body.toString()));
  }

  /** The table pinned to the snapshot in the request ({@code s}), or to the version it names. */
  TableRef pinned(WebExchange exchange) {
    TableRef table = TableRef.find(directory, exchange.parameter("t"), null);
    String snapshot = exchange.parameter("s");
    if (snapshot != null && !snapshot.isBlank() && exchange.parameter("v") == null) {
      return table.withSnapshot(SnapshotIds.parse(snapshot));
    }
    return versions.pin(table, exchange.parameter("v"));
  }

  private static String form(GridRequest grid, QueryRows history, QueryRows refs) {
    TableRef table = grid.table();
    StringBuilder html =
        new StringBuilder("<form class=\"grid-form\" method=\"get\" action=\"/table\">");
    html.append("<input type=\"hidden\" name=\"t\" value=\"")
        .append(Html.text(table.name()))
        .append("\">");
    html.append("<label>Version <select name=\"v\" id=\"version\">");
    for (int row = 0; row < history.rows().size(); row++) {
      String version = history.text(row, "version");
      String snapshot = history.text(row, "snapshot_id");
      boolean selected = snapshot != null && snapshot.equals(String.valueOf(table.snapshotId()));
      html.append("<option value=\"")
          .append(Html.text(version))
          .append(selected ? "\" selected>" : "\">")
          .append("version ")
          .append(Html.text(version))
          .append("</option>");
    }
    for (int row = 0; row < refs.rows().size(); row++) {
      String name = refs.text(row, "name");
      html.append("<option value=\"")
          .append(Html.text(name))
          .append("\">")
          .append(Html.text(refs.text(row, "type")).toLowerCase(java.util.Locale.ROOT))
          .append(' ')
          .append(Html.text(name))
          .append("</option>");
    }
    html.append("</select></label>");
    html.append(
            "<label class=\"where\">WHERE <input type=\"text\" name=\"where\" id=\"where\" size=\"50\" value=\"")
        .append(Html.text(grid.where().text()))
        .append("\" placeholder=\"label = 'cat'\"></label>");
    html.append("<label>Columns <input type=\"text\" name=\"cols\" id=\"cols\" value=\"")
        .append(Html.text(String.join(",", grid.shown())))
        .append("\"></label>");
    html.append(
        "<label>Sort <select name=\"sort\" id=\"sort\"><option value=\"\">row order</option>");
    for (ResultColumn column : grid.columns()) {
      if (column.type().isMedia()) {
        continue;
      }
      html.append("<option value=\"")
          .append(Html.text(column.name()))
          .append(column.name().equals(grid.sort()) ? "\" selected>" : "\">")
          .append(Html.text(column.name()))
          .append("</option>");
    }
    html.append("</select></label>");
    html.append("<label><input type=\"checkbox\" name=\"desc\" value=\"1\"")
        .append(grid.descending() ? " checked" : "")
        .append("> descending</label>");
    html.append("<button type=\"submit\" id=\"apply\">Show</button></form>\n");
    html.append("<p class=\"small\">Available columns: ");
    for (ResultColumn column : grid.columns()) {
      html.append("<code>")
          .append(Html.text(column.name()))
          .append("</code> <span class=\"null\">")
          .append(Html.text(column.type().toString()))
          .append("</span> ");
    }
    html.append(" · <a href=\"/history?t=")
        .append(Html.text(Html.query(table.name())))
        .append("\">versions</a></p>\n");
    return html.toString();
  }

  private static String cards(GridRequest grid, QueryRows rows) {
    TableRef table = grid.table();
    int shown = Math.min(rows.rows().size(), grid.size());
    StringBuilder html = new StringBuilder();
    html.append("<p class=\"count\" id=\"count\" data-rows=\"")
        .append(shown)
        .append("\">")
        .append(shown)
        .append(shown == 1 ? " row" : " rows")
        .append(grid.after() != null || grid.page() > 0 ? " on this page" : "")
        .append("</p>\n<div class=\"grid\" id=\"grid\">\n");
    for (int row = 0; row < shown; row++) {
      String rowId = rows.text(row, GridRequest.ROWID);
      String link = Html.text(MediaLinks.row(table, rowId));
      html.append("<figure class=\"card\" data-rowid=\"").append(Html.text(rowId)).append("\">");
      html.append("<a href=\"").append(link).append("\">");
      if (grid.thumb() != null) {
        html.append("<img class=\"thumb\" width=\"160\" height=\"160\" alt=\"\" src=\"")
            .append(Html.text(MediaLinks.media("thumb", table, rowId, grid.thumb())))
            .append("\">");
      } else {
        html.append("<span class=\"nothumb\">row ").append(Html.text(rowId)).append("</span>");
      }
      html.append("</a><figcaption>");
      for (String column : grid.shown()) {
        html.append("<div><span class=\"name\">")
            .append(Html.text(column))
            .append("</span> <span class=\"value\">")
            .append(PageLayout.cell(rows.rows().get(row).get(rows.column(column))))
            .append("</span></div>");
      }
      html.append("</figcaption></figure>\n");
    }
    html.append("</div>\n");
    if (rows.rows().size() > grid.size()) {
      String next =
          grid.sort() == null
              ? "&after=" + Html.query(rows.text(shown - 1, GridRequest.ROWID))
              : "&page=" + (grid.page() + 1);
      html.append("<p><a id=\"next\" href=\"")
          .append(Html.text(pageLink(grid) + next))
          .append("\">Next page</a></p>\n");
    }
    return html.toString();
  }

  private static String pageLink(GridRequest grid) {
    StringBuilder link = new StringBuilder(MediaLinks.table(grid.table()));
    link.append("&cols=").append(Html.query(String.join(",", grid.shown())));
    if (!grid.where().isEmpty()) {
      link.append("&where=").append(Html.query(grid.where().text()));
    }
    if (grid.sort() != null) {
      link.append("&sort=").append(Html.query(grid.sort()));
      if (grid.descending()) {
        link.append("&desc=1");
      }
    }
    if (grid.thumb() != null) {
      link.append("&thumb=").append(Html.query(grid.thumb()));
    }
    link.append("&n=").append(grid.size());
    return link.toString();
  }
}
