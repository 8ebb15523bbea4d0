package dev.sheaf.compute.document;

import static java.util.Objects.requireNonNull;

/** A heading of a document: where its text starts (UTF-16 index), its level (1 to 6), its title. */
public record DocumentHeading(int start, int level, String title) {
  public DocumentHeading {
    requireNonNull(title, "title is null");
    if (level < 1 || level > 6) {
      throw new IllegalArgumentException("heading level " + level);
    }
  }
}
