package dev.sheaf.compute.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
   * The text of a document in a local file: a PDF is read by PDFBox from the file as it needs (not
   * loaded whole), other formats are read whole.
   *
   * @param uri the cell's URI (redacted), for errors and for the format's detection
   * @param format the format, or null to detect it
   */
  public static DocumentText read(String uri, Path file, DocumentFormat format) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      throw DocumentErrors.empty(uri);
    }
    DocumentFormat chosen = format;
    if (chosen == null) {
      byte[] head = new byte[(int) Math.min(size, 512)];
      try (InputStream in = Files.newInputStream(file)) {
        head = in.readNBytes(head.length);
      }
      chosen = DocumentFormat.detect(uri, head);
    }
    if (chosen == DocumentFormat.PDF) {
      return PdfText.read(uri, file);
    }
    return read(uri, Files.readAllBytes(file), chosen);
  }

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
