package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.exec.ResultColumn;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row: every value, its media in full (an image as a bounded rendition, a video as a strip of
 * frames, an audio player, a document's text), the errors of its cells (media that cannot be read
 * now, and the {@code c$error} column of each computed column), and, for each vector index of the
 * table, the rows nearest to it ("more like this").
 */
final class RowPage {
  static final int FRAMES = 6;
  static final int NEIGHBOURS = 8;
  static final int MAX_TEXT = 100_000;
  private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*([0-9.eE+-]+)");

  private final ReadOnlyQueries queries;
  private final GridPage grid;

  RowPage(ReadOnlyQueries queries, GridPage grid) {
    this.queries = requireNonNull(queries, "queries is null");
    this.grid = requireNonNull(grid, "grid is null");
  }

  void show(WebExchange exchange) throws IOException {
    TableRef table = grid.pinned(exchange);
    long rowId;
    try {
      rowId = Long.parseLong(exchange.parameter("r", ""));
    } catch (NumberFormatException e) {
      throw SheafException.of(ErrorCode.INVALID_ARGUMENT, "Cannot show a row: r is a row id");
    }
    String from = " FROM " + table.rowsSql() + " WHERE _rowid = ?";
    List<ResultColumn> columns = queries.columns("SELECT *" + from);
    QueryRows row = queries.run("SELECT *" + from, List.of(rowId), 1);
    if (row.isEmpty()) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot show row %d of table %s: this version has no such row",
          rowId,
          table.name());
    }
    String id = String.valueOf(rowId);
    StringBuilder body = new StringBuilder();
    body.append("<p><a href=\"")
        .append(Html.text(MediaLinks.table(table)))
        .append("\">Back to the grid</a></p>\n");
    List<ResultColumn> media = columns.stream().filter(c -> c.type().isMedia()).toList();
    body.append(errors(table, from, rowId, media, row));
    for (ResultColumn column : media) {
      body.append("<section class=\"media\"><h2>")
          .append(Html.text(column.name()))
          .append("</h2>\n");
      Object uri = row.rows().get(0).get(row.column(column.name()));
      if (uri == null) {
        body.append("<p class=\"null\">NULL</p></section>\n");
        continue;
      }
      body.append("<p class=\"small uri\">").append(Html.text(uri.toString())).append("</p>\n");
      body.append(media(table, from, id, column));
      body.append("</section>\n");
    }
    body.append("<h2>Values</h2>\n<table class=\"rows values\">");
    for (int i = 0; i < row.columns().size(); i++) {
      body.append("<tr><th>")
          .append(Html.text(row.columns().get(i)))
          .append("</th><td>")
          .append(PageLayout.cell(row.rows().get(0).get(i)))
          .append("</td></tr>\n");
    }
    body.append("</table>\n");
    body.append(neighbours(table, rowId, columns));
    exchange.sendHtml(
        200, PageLayout.page(table.name() + " row " + rowId, exchange.user(), body.toString()));
  }

  private String errors(
      TableRef table, String from, long rowId, List<ResultColumn> media, QueryRows row) {
    List<String[]> errors = new ArrayList<>();
    if (!media.isEmpty()) {
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < media.size(); i++) {
        sql.append(i == 0 ? "" : ", ")
            .append("media_error(")
            .append(TableRef.quote(media.get(i).name()))
            .append(") AS e")
            .append(i);
      }
      QueryRows found = queries.run(sql + from, List.of(rowId), 1);
      for (int i = 0; !found.isEmpty() && i < media.size(); i++) {
        String text = found.text(0, "e" + i);
        if (text != null) {
          errors.add(new String[] {media.get(i).name(), text});
        }
      }
    }
    for (int i = 0; i < row.columns().size(); i++) {
      String name = row.columns().get(i);
      Object value = row.rows().get(0).get(i);
      if (name.endsWith("$error") && value != null) {
        errors.add(
            new String[] {name.substring(0, name.length() - "$error".length()), value.toString()});
      }
    }
    if (errors.isEmpty()) {
      return "";
    }
    StringBuilder html =
        new StringBuilder("<h2>Errors</h2>\n<ul class=\"errors\" id=\"errors\">\n");
    for (String[] error : errors) {
      html.append("<li><b>")
          .append(Html.text(error[0]))
          .append("</b>: ")
          .append(Html.text(error[1]))
          .append("</li>\n");
    }
    return html.append("</ul>\n").toString();
  }

  private String media(TableRef table, String from, String id, ResultColumn column) {
    String name = column.name();
    TypeKind kind = column.type().kind();
    return switch (kind) {
      case IMAGE ->
          "<img class=\"full\" id=\"full-image\" alt=\"\" src=\""
              + Html.text(MediaLinks.media("image", table, id, name))
              + "\">\n";
      case AUDIO ->
          "<audio controls preload=\"metadata\" src=\""
              + Html.text(MediaLinks.media("audio", table, id, name))
              + "\"></audio>\n";
      case VIDEO -> frames(table, from, id, name);
      case DOCUMENT -> document(from, id, name);
      default -> "";
    };
  }

  private String frames(TableRef table, String from, String id, String name) {
    QueryRows meta =
        queries.run(
            "SELECT video_metadata(" + TableRef.quote(name) + ") AS m" + from,
            List.of(Long.parseLong(id)),
            1);
    String json = meta.isEmpty() ? null : meta.text(0, "m");
    double duration = number(json, "duration");
    if (json == null || !(duration > 0)) {
      return "<p class=\"null\">No frames: the video cannot be read (see Errors).</p>\n";
    }
    double width = number(json, "width");
    double height = number(json, "height");
    int w = 160;
    int h = width > 0 && height > 0 ? (int) Math.max(16, Math.round(160 * height / width)) : 90;
    h = Math.min(h, 320);
    StringBuilder html = new StringBuilder("<div class=\"frames\">");
    for (int i = 0; i < FRAMES; i++) {
      double at = Math.floor(duration * (i + 0.5) / FRAMES * 1000) / 1000;
      html.append("<figure><img alt=\"\" src=\"")
          .append(
              Html.text(
                  MediaLinks.media("frame", table, id, name) + "&at=" + at + "&w=" + w + "&h=" + h))
          .append("\"><figcaption>")
          .append(at)
          .append(" s</figcaption></figure>");
    }
    return html.append("</div>\n<p class=\"small\">")
        .append(Html.text(json))
        .append("</p>\n")
        .toString();
  }

  private String document(String from, String id, String name) {
    QueryRows text =
        queries.run(
            "SELECT document_text(" + TableRef.quote(name) + ") AS t" + from,
            List.of(Long.parseLong(id)),
            1);
    String value = text.isEmpty() ? null : text.text(0, "t");
    if (value == null) {
      return "<p class=\"null\">No text: the document cannot be read (see Errors).</p>\n";
    }
    boolean cut = value.length() > MAX_TEXT;
    return "<pre class=\"document\">"
        + Html.text(cut ? value.substring(0, MAX_TEXT) : value)
        + (cut ? "\n…" : "")
        + "</pre>\n";
  }

  /** "More like this": per vector index of the table, the nearest rows to this one. */
  private String neighbours(TableRef table, long rowId, List<ResultColumn> columns) {
    QueryRows indexes =
        queries.run(
            "SELECT column_name, metric FROM sys.indexes WHERE table_schema = ? AND table_name = ?"
                + " AND metric IS NOT NULL",
            List.of(table.schema(), table.table()),
            100);
    String thumb =
        columns.stream()
            .filter(c -> c.type().kind() == TypeKind.IMAGE)
            .map(ResultColumn::name)
            .findFirst()
            .orElse(null);
    String label =
        columns.stream()
            .filter(c -> !c.type().isMedia() && !c.name().equals("_rowid"))
            .filter(c -> c.type().kind() != TypeKind.VECTOR && !c.name().endsWith("$error"))
            .map(ResultColumn::name)
            .findFirst()
            .orElse(null);
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < indexes.rows().size(); i++) {
      String column = indexes.text(i, "column_name");
      String metric = indexes.text(i, "metric");
      float[] vector =
          queries.vector(
              "SELECT " + TableRef.quote(column) + " FROM " + table.rowsSql() + " WHERE _rowid = ?",
              List.of(rowId));
      if (vector == null) {
        continue;
      }
      String order =
          switch (metric == null ? "" : metric.toLowerCase(java.util.Locale.ROOT)) {
            case "l2" -> "l2_distance(" + TableRef.quote(column) + ", ?)";
            case "dot" -> "inner_product(" + TableRef.quote(column) + ", ?) DESC";
            default -> "cosine_distance(" + TableRef.quote(column) + ", ?)";
          };
      QueryRows near =
          queries.run(
              "SELECT _rowid"
                  + (label == null ? "" : ", " + TableRef.quote(label))
                  + " FROM "
                  + table.rowsSql()
                  + " ORDER BY "
                  + order
                  + " LIMIT "
                  + (NEIGHBOURS + 1),
              List.of(vector),
              NEIGHBOURS + 1);
      html.append("<h2>More like this (")
          .append(Html.text(column))
          .append(")</h2>\n<div class=\"grid neighbours\">");
      for (int n = 0; n < near.rows().size(); n++) {
        String other = near.text(n, "_rowid");
        if (other.equals(String.valueOf(rowId))) {
          continue;
        }
        html.append("<figure class=\"card\"><a href=\"")
            .append(Html.text(MediaLinks.row(table, other)))
            .append("\">");
        if (thumb != null) {
          html.append("<img class=\"thumb\" width=\"160\" height=\"160\" alt=\"\" src=\"")
              .append(Html.text(MediaLinks.media("thumb", table, other, thumb)))
              .append("\">");
        } else {
          html.append("row ").append(Html.text(other));
        }
        html.append("</a><figcaption>")
            .append(label == null ? "" : PageLayout.cell(near.rows().get(n).get(1)))
            .append("</figcaption></figure>");
      }
      html.append("</div>\n");
    }
    return html.toString();
  }

  private static double number(String json, String key) {
    if (json == null) {
      return Double.NaN;
    }
    Matcher matcher = Pattern.compile(NUMBER.pattern().formatted(key)).matcher(json);
    try {
      return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
