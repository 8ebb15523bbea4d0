package dev.sheaf.compute.document;

/**
 * Extracts the text of a document of any format Sheaf reads ({@link DocumentFormat}): the format
 * given, else detected from the bytes and the URI. An empty object, an encrypted or damaged PDF and
 * text in an unknown encoding are MEDIA_FORMAT_ERROR naming the URI.
 */
public final class DocumentReader {
  /** The largest document read (whole, in memory), as {@code fetch}'s limit of a cell. */
  public static final long MAX_BYTES = 256L << 20;

  private DocumentReader() {}

  /**
   * @param uri the cell's URI (redacted), for errors and for the format's detection
   * @param format the format, or null to detect it
   */
  public static DocumentText read(String uri, byte[] bytes, DocumentFormat format) {
    if (bytes.length == 0) {
      throw DocumentErrors.empty(uri);
    }
    DocumentFormat chosen = format != null ? format : DocumentFormat.detect(uri, bytes);
    return switch (chosen) {
      case PDF -> PdfText.read(uri, bytes);
      case HTML -> HtmlText.read(uri, bytes);
      case MARKDOWN -> MarkdownText.read(uri, bytes);
      case TEXT -> PlainText.read(uri, bytes);
    };
  }
}
