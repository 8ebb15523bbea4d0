package dev.sheaf.server.web;

import java.nio.charset.StandardCharsets;

/**
 * The image shown where a media cell cannot be: an SVG with the error's code (the whole message is
 * in its title and on the row's page). Its text is escaped, so a message cannot add markup.
 */
final class Placeholder {
  private Placeholder() {}

  static byte[] svg(int side, String code, String message) {
    String svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 160 160\">"
                .formatted(side, side)
            + "<title>"
            + Html.text(message)
            + "</title><rect width=\"160\" height=\"160\" fill=\"#eee\" stroke=\"#c33\"/>"
            + "<text x=\"80\" y=\"74\" font-family=\"sans-serif\" font-size=\"28\" fill=\"#c33\""
            + " text-anchor=\"middle\">!</text><text x=\"80\" y=\"100\" font-family=\"sans-serif\""
            + " font-size=\"10\" fill=\"#333\" text-anchor=\"middle\">"
            + Html.text(code)
            + "</text></svg>";
    return svg.getBytes(StandardCharsets.UTF_8);
  }
}
