package dev.sheaf.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for the web pages: every value that comes from a table, a request or an error message
 * goes through one of these before it is written into HTML, so a label holding {@code <script>}
 * shows as text. Pages never put values into inline scripts or styles (the Content-Security-Policy
 * forbids them anyway).
 */
public final class Html {
  private Html() {}

  /** Text for an element's content or a quoted attribute value: {@code & < > " '} escaped. */
  public static String text(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // control characters other than tab and line breaks would make the XML of an SVG invalid
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A query-string value, percent-encoded (then escaped again where it goes into an attribute). */
  public static String query(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }
}
