package dev.sheaf.server.web;

/** The little JSON the pages' script reads: query rows as an array of objects of strings. */
final class Json {
  private Json() {}

  static String rows(QueryRows rows) {
    StringBuilder json = new StringBuilder("[");
    for (int row = 0; row < rows.rows().size(); row++) {
      json.append(row == 0 ? "{" : ",{");
      for (int i = 0; i < rows.columns().size(); i++) {
        Object value = rows.rows().get(row).get(i);
        json.append(i == 0 ? "" : ",")
            .append(string(rows.columns().get(i)))
            .append(':')
            .append(value == null || value instanceof byte[] ? "null" : string(value.toString()));
      }
      json.append('}');
    }
    return json.append(']').toString();
  }

  /** A JSON string; {@code <}, {@code >} and {@code &} escaped too, so it is safe anywhere. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
