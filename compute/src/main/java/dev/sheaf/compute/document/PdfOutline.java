package dev.sheaf.compute.document;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;

/**
 * A PDF's headings from its outline (bookmarks): each item is a heading of its depth (1 to 6,
 * deeper items count as 6) placed where its title first appears in the text of the page it points
 * to (white space ignored), else at that page's start. Items without a page are skipped; at most
 * {@link #MAX_ITEMS} items are read, so a looping or huge outline cannot stall extraction.
 */
final class PdfOutline {
  static final int MAX_ITEMS = 10_000;

  private PdfOutline() {}

  static List<DocumentHeading> headings(
      PDDocument document, String text, List<DocumentPage> pages) {
    PDDocumentOutline outline = document.getDocumentCatalog().getDocumentOutline();
    List<DocumentHeading> headings = new ArrayList<>();
    if (outline != null) {
      walk(document, outline, 1, text, pages, headings);
    }
    headings.sort(Comparator.comparingInt(DocumentHeading::start));
    return headings;
  }

  private static void walk(
      PDDocument document,
      PDOutlineNode node,
      int level,
      String text,
      List<DocumentPage> pages,
      List<DocumentHeading> out) {
    for (PDOutlineItem item : node.children()) {
      if (out.size() >= MAX_ITEMS) {
        return;
      }
      String title = item.getTitle() == null ? "" : item.getTitle().strip();
      int index = pageIndex(document, item);
      if (!title.isEmpty() && index >= 0 && index < pages.size()) {
        DocumentPage page = pages.get(index);
        out.add(new DocumentHeading(find(text, title, page), Math.min(level, 6), title));
      }
      if (item.hasChildren()) {
        walk(document, item, level + 1, text, pages, out);
      }
    }
  }

  private static int pageIndex(PDDocument document, PDOutlineItem item) {
    try {
      PDPage page = item.findDestinationPage(document);
      return page == null ? -1 : document.getPages().indexOf(page);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Where {@code title} starts in the page's text, white space matching any white space. */
  private static int find(String text, String title, DocumentPage page) {
    String[] words = title.split("\\s+");
    for (int at = text.indexOf(words[0], page.start());
        at >= 0 && at < page.end();
        at = text.indexOf(words[0], at + 1)) {
      int position = at + words[0].length();
      boolean matches = true;
      for (int w = 1; w < words.length && matches; w++) {
        int next = position;
        while (next < page.end() && Character.isWhitespace(text.charAt(next))) {
          next++;
        }
        matches = next > position && text.startsWith(words[w], next);
        position = next + words[w].length();
      }
      if (matches && position <= page.end()) {
        return at;
      }
    }
    return page.start();
  }
}
