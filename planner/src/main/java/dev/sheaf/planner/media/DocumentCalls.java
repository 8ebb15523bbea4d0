package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.compute.document.DocumentFormat;
import dev.sheaf.compute.document.DocumentReader;
import dev.sheaf.compute.document.DocumentText;
import dev.sheaf.spi.media.BlobPin;
import java.lang.ref.SoftReference;
import java.util.function.Function;
import org.apache.calcite.DataContext;

/**
 * The bodies of Sheaf's document functions, called by Calcite's generated code with the statement's
 * DataContext first: {@code document_page_count}, {@code document_text}, {@code
 * document_page_text(d, page)} and {@code document_metadata} (JSON). Each reads the DOCUMENT cell
 * whole with its pin (as {@code fetch} does) and extracts its text ({@link DocumentReader}: PDF,
 * HTML, Markdown, text), once per row however many of them a row calls. A cell that fails (a
 * missing object, an encrypted, truncated or empty document, text in an unknown encoding) gives
 * NULL; {@code try_error(f(d))} gives its error.
 */
public final class DocumentCalls {
  /**
   * The last document each thread extracted, by pin (same pin, same bytes): {@code SELECT
   * document_text(d), document_page_count(d)} extracts each row's document once. Softly held, so a
   * large text goes when memory is short.
   */
  private static final ThreadLocal<SoftReference<Extracted>> LAST =
      ThreadLocal.withInitial(() -> new SoftReference<>(null));

  private DocumentCalls() {}

  /** The pages of a PDF; 1 for the other formats. */
  public static Integer documentPageCount(DataContext root, String cell) {
    return onText(root, cell, DocumentText::pageCount);
  }

  /** The text of the document: PDF pages joined by a blank line, blocks by a blank line. */
  public static String documentText(DataContext root, String cell) {
    return onText(root, cell, DocumentText::text);
  }

  /**
   * The text of page {@code page} (from 1) of a PDF, of the whole document for page 1 of another
   * format; NULL for a page the document does not have.
   */
  public static String documentPageText(DataContext root, String cell, int page) {
    return onText(
        root,
        cell,
        text -> {
          if (page < 1 || page > text.pageCount()) {
            return null;
          }
          return text.pages().isEmpty() ? text.text() : text.pageText(page);
        });
  }

  /**
   * {@code {"format":"pdf","pages":4,"title":...,"author":...,"characters":N}}: what the document
   * says of itself (title and author null when it does not say), its length in code points.
   */
  public static String documentMetadata(DataContext root, String cell) {
    return onText(
        root,
        cell,
        text ->
            "{\"format\":"
                + json(text.format().sqlName())
                + ",\"pages\":"
                + text.pageCount()
                + ",\"title\":"
                + json(text.info().title())
                + ",\"author\":"
                + json(text.info().author())
                + ",\"characters\":"
                + text.text().codePointCount(0, text.text().length())
                + "}");
  }

  private static <T> T onText(DataContext root, String cell, Function<DocumentText, T> answer) {
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () -> {
          BlobPin pin = media.pin(cell).require();
          Extracted last = LAST.get().get();
          if (last != null && last.pin().equals(pin)) {
            return answer.apply(last.text());
          }
          byte[] bytes = MediaCalls.readWhole(media, pin);
          String path = pin.uri().getPath() == null ? "" : pin.uri().getPath();
          DocumentFormat format = bytes.length == 0 ? null : DocumentFormat.detect(path, bytes);
          DocumentText text = DocumentReader.read(shown(pin), bytes, format);
          LAST.set(new SoftReference<>(new Extracted(pin, text)));
          return answer.apply(text);
        });
  }

  /** A document's text and the pin of the bytes it came from. */
  private record Extracted(BlobPin pin, DocumentText text) {}

  /**
   * The URI as errors show it: a local file's whole (it holds no secret and says which file), else
   * without user info and query.
   */
  private static String shown(BlobPin pin) {
    return "file".equals(pin.uri().getScheme())
        ? pin.uri().toString()
        : UriRedaction.redact(pin.uri());
  }

  /** A JSON string (or null). */
  static String json(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
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
