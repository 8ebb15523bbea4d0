package dev.sheaf.server.web;

/** The addresses of a row's page and of its media renditions, escaped for an attribute. */
final class MediaLinks {
  private MediaLinks() {}

  static String table(TableRef table) {
    return "/table?t=" + Html.query(table.name()) + snapshot(table);
  }

  static String row(TableRef table, String rowId) {
    return "/row?t=" + Html.query(table.name()) + snapshot(table) + "&r=" + Html.query(rowId);
  }

  /** {@code kind}: thumb, image, frame, audio. */
  static String media(String kind, TableRef table, String rowId, String column) {
    return "/"
        + kind
        + "?t="
        + Html.query(table.name())
        + snapshot(table)
        + "&r="
        + Html.query(rowId)
        + "&c="
        + Html.query(column);
  }

  private static String snapshot(TableRef table) {
    return table.snapshotId() == null ? "" : "&s=" + table.snapshotId();
  }
}
