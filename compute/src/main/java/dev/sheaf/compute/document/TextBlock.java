package dev.sheaf.compute.document;

import static java.util.Objects.requireNonNull;

/**
 * A block of a document's extracted text, {@code [start, end)} in UTF-16 indices: a heading, a
 * paragraph (a list item, a table cell's text, a PDF paragraph) or a code block. The paragraph
 * separator of the chunker splits between blocks.
 */
public record TextBlock(int start, int end, Kind kind) {
  /** What a block is. */
  public enum Kind {
    HEADING,
    PARAGRAPH,
    CODE
  }

  public TextBlock {
    requireNonNull(kind, "kind is null");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("bad block [" + start + ", " + end + ")");
    }
  }
}
