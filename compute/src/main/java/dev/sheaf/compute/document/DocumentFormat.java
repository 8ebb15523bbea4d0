package dev.sheaf.compute.document;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** The document formats Sheaf reads text from. */
public enum DocumentFormat {
  PDF,
  HTML,
  MARKDOWN,
  TEXT;

  private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

  /** The SQL spelling: pdf, html, markdown, text. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format named by a user ({@code pdf}, {@code html}, {@code markdown} or {@code md}, {@code
   * text} or {@code txt}); INVALID_ARGUMENT otherwise.
   */
  public static DocumentFormat parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return switch (wanted) {
      case "pdf" -> PDF;
      case "html", "htm" -> HTML;
      case "markdown", "md" -> MARKDOWN;
      case "text", "txt" -> TEXT;
      default ->
          throw SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Cannot read documents of format '%s' (give pdf, html, markdown or text)",
              name);
    };
  }

  /**
   * The format of a document: PDF by its signature; HTML by the name's extension or a leading
   * {@code <!doctype html>} or {@code <html>}; Markdown by the extension ({@code .md}, {@code
   * .markdown}); anything else is text.
   */
  public static DocumentFormat detect(String uri, byte[] bytes) {
    if (bytes.length >= PDF_MAGIC.length
        && Arrays.equals(bytes, 0, PDF_MAGIC.length, PDF_MAGIC, 0, PDF_MAGIC.length)) {
      return PDF;
    }
    String path = uri.toLowerCase(Locale.ROOT);
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.endsWith(".pdf")) {
      return PDF;
    }
    if (path.endsWith(".html") || path.endsWith(".htm") || path.endsWith(".xhtml")) {
      return HTML;
    }
    if (path.endsWith(".md") || path.endsWith(".markdown")) {
      return MARKDOWN;
    }
    String head =
        new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1)
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    if (head.startsWith("\u00ef\u00bb\u00bf")) {
      head = head.substring(3).stripLeading();
    }
    if (head.startsWith("<!doctype html") || head.startsWith("<html")) {
      return HTML;
    }
    return TEXT;
  }
}
