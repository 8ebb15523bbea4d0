package dev.sheaf.compute.document;

/** A PDF page's text: {@code [start, end)} of the document's text (UTF-16), page numbers from 1. */
public record DocumentPage(int number, int start, int end) {
  public DocumentPage {
    if (number < 1 || start < 0 || end < start) {
      throw new IllegalArgumentException("bad page " + number + " [" + start + ", " + end + ")");
    }
  }
}
