package dev.sheaf.compute.document;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where the chunker may cut a document, coarsest first. {@link #HEADING} and PDF pages are hard
 * boundaries (a chunk never spans two sections); the others split a section that is over the token
 * budget, and the pieces are packed back together up to it.
 */
public enum ChunkSeparator {
  /** Before each heading: one section per heading. */
  HEADING,
  /** Between blocks: paragraphs, list items, code blocks, table rows. */
  PARAGRAPH,
  /** Between sentences (java.text.BreakIterator's sentence rules). */
  SENTENCE,
  /** Between words, then between word pieces: always the last resort. */
  TOKEN;

  /** A comma-separated list such as {@code 'heading,paragraph'}; INVALID_ARGUMENT otherwise. */
  public static Set<ChunkSeparator> parseList(String list) {
    Set<ChunkSeparator> separators = EnumSet.noneOf(ChunkSeparator.class);
    for (String item : list.split(",")) {
      String name = item.strip().toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      try {
        separators.add(valueOf(name));
      } catch (IllegalArgumentException e) {
        throw SheafException.of(
            ErrorCode.INVALID_ARGUMENT,
            "Cannot chunk documents at '%s': separators are %s (give a comma-separated list)",
            item.strip(),
            Arrays.stream(values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
      }
    }
    if (separators.isEmpty()) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot chunk documents at '%s': name at least one of heading, paragraph, sentence,"
              + " token",
          list);
    }
    return separators;
  }
}
