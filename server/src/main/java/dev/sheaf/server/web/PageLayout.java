package dev.sheaf.server.web;

/** The frame around every page: title, the navigation, the stylesheet and the one script. */
final class PageLayout {
  private PageLayout() {}

  /** A whole page; {@code title} is escaped here, {@code body} is HTML the caller escaped. */
  static String page(String title, String user, String body) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s · Sheaf</title>
        <link rel="stylesheet" href="/static/sheaf.css">
        <script src="/static/sheaf.js" defer></script>
        </head>
        <body>
        <nav><a class="brand" href="/">Sheaf</a> <a href="/">Tables</a> <a href="/jobs">Jobs</a>\
        <span class="user">%s</span></nav>
        <main>
        <h1>%s</h1>
        %s
        </main>
        </body>
        </html>
        """
        .formatted(
            Html.text(title),
            user.isEmpty() ? "" : "signed in as " + Html.text(user),
            Html.text(title),
            body);
  }

  /** A paragraph that shows an error's code and message. */
  static String error(String code, String message) {
    return "<p class=\"error\" role=\"alert\"><b>"
        + Html.text(code)
        + "</b> "
        + Html.text(message)
        + "</p>\n";
  }

  /** An HTML table of {@code rows}, every value escaped; binary values show their size. */
  static String table(QueryRows rows) {
    StringBuilder html = new StringBuilder("<table class=\"rows\"><thead><tr>");
    for (String column : rows.columns()) {
      html.append("<th>").append(Html.text(column)).append("</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (var row : rows.rows()) {
      html.append("<tr>");
      for (Object value : row) {
        html.append("<td>").append(cell(value)).append("</td>");
      }
      html.append("</tr>\n");
    }
    return html.append("</tbody></table>\n").toString();
  }

  /** One value as escaped text: NULL dimmed, bytes as their size, long text cut. */
  static String cell(Object value) {
    if (value == null) {
      return "<span class=\"null\">NULL</span>";
    }
    if (value instanceof byte[] bytes) {
      return "<span class=\"null\">" + bytes.length + " bytes</span>";
    }
    String text = value.toString();
    if (text.length() > 300) {
      text = text.substring(0, 300) + "…";
    }
    return Html.text(text);
  }
}
