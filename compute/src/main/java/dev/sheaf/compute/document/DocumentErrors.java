package dev.sheaf.compute.document;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/** The per-cell errors of documents: all MEDIA_FORMAT_ERROR, each saying what to do. */
final class DocumentErrors {
  private DocumentErrors() {}

  static SheafException empty(String uri) {
    return SheafException.of(
        ErrorCode.MEDIA_FORMAT_ERROR,
        "Cannot read document %s: the object is empty (0 bytes; store the document's content)",
        uri);
  }

  static SheafException encrypted(String uri) {
    return SheafException.of(
        ErrorCode.MEDIA_FORMAT_ERROR,
        "Cannot read document %s: the PDF is encrypted with a password (Sheaf takes no passwords;"
            + " store a decrypted copy, e.g. qpdf --decrypt --password=... in.pdf out.pdf)",
        uri);
  }

  static SheafException damagedPdf(String uri, Exception cause) {
    return new SheafException(
        ErrorCode.MEDIA_FORMAT_ERROR,
        String.format(
            "Cannot read document %s: not a readable PDF (%s; the file may be truncated or"
                + " damaged: check it opens in a PDF viewer, or store it again)",
            uri, firstLine(cause.getMessage())),
        cause);
  }

  static SheafException notText(String uri, String reason) {
    return SheafException.of(
        ErrorCode.MEDIA_FORMAT_ERROR,
        "Cannot read document %s as text: %s (store it as UTF-8, or UTF-16 with a byte-order mark,"
            + " or name its format: pdf, html, markdown, text)",
        uri,
        reason);
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
