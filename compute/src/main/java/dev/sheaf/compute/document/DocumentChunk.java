package dev.sheaf.compute.document;

import static java.util.Objects.requireNonNull;

/**
 * A chunk of a document's text: its position (from 0), its PDF page (from 1; null for other
 * formats), the heading path where it starts ({@code "Guide > Install"}; null before any heading),
 * its text, and where that text is in the document's text: {@code [startOffset, endOffset)} in code
 * points (as SQL's {@code substring} counts), and its word pieces.
 */
public record DocumentChunk(
    int pos,
    Integer page,
    String heading,
    String text,
    int startOffset,
    int endOffset,
    int tokens) {
  public DocumentChunk {
    requireNonNull(text, "text is null");
    if (startOffset < 0 || endOffset < startOffset) {
      throw new IllegalArgumentException("bad offsets [" + startOffset + ", " + endOffset + ")");
    }
  }
}
