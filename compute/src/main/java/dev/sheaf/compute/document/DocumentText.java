package dev.sheaf.compute.document;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The text extracted from a document, and its structure as offsets into that text (UTF-16 indices):
 * blocks (headings, paragraphs, code; separated by a blank line in {@code text}), headings, and for
 * a PDF its pages ({@code pageCount} of them; other formats count as one page and list none).
 */
public record DocumentText(
    DocumentFormat format,
    String text,
    List<TextBlock> blocks,
    List<DocumentHeading> headings,
    int pageCount,
    List<DocumentPage> pages,
    DocumentInfo info) {
  public DocumentText {
    requireNonNull(format, "format is null");
    requireNonNull(text, "text is null");
    blocks = List.copyOf(blocks);
    headings = List.copyOf(headings);
    pages = List.copyOf(pages);
    requireNonNull(info, "info is null");
  }

  /** The text of page {@code number} (from 1) of a PDF. */
  public String pageText(int number) {
    DocumentPage page = pages.get(number - 1);
    return text.substring(page.start(), page.end());
  }

  /** The page (from 1) whose text holds UTF-16 index {@code offset}, or null outside a PDF. */
  public Integer pageAt(int offset) {
    if (pages.isEmpty()) {
      return null;
    }
    int low = 0;
    int high = pages.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (pages.get(middle).start() <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return pages.get(low).number();
  }

  /**
   * The titles of the headings that enclose {@code offset} (the last heading at or before it, and
   * the last heading of each higher level before that one), outermost first.
   */
  public List<String> headingPath(int offset) {
    List<DocumentHeading> path = new ArrayList<>();
    for (DocumentHeading heading : headings) {
      if (heading.start() > offset) {
        break;
      }
      while (!path.isEmpty() && path.getLast().level() >= heading.level()) {
        path.removeLast();
      }
      path.add(heading);
    }
    return path.stream().map(DocumentHeading::title).toList();
  }
}
