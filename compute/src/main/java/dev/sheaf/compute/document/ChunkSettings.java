package dev.sheaf.compute.document;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to chunk: where to cut ({@link ChunkSeparator}), the most tokens a chunk may be to the
 * embedding model ({@code maxTokens}, its {@code [CLS]} and {@code [SEP]} included: 256 fits
 * all-MiniLM-L6-v2's window exactly), and how many word pieces of a chunk's end the next chunk of
 * the same section repeats ({@code overlap}, at most half of what a chunk holds).
 */
public record ChunkSettings(Set<ChunkSeparator> separators, int maxTokens, int overlap) {
  /** The fewest tokens a chunk may be limited to. */
  public static final int MIN_TOKENS = 8;

  /** The most tokens a chunk may be limited to. */
  public static final int MAX_TOKENS = 65_536;

  public ChunkSettings {
    requireNonNull(separators, "separators is null");
    separators = Set.copyOf(EnumSet.copyOf(separators));
    if (maxTokens < MIN_TOKENS || maxTokens > MAX_TOKENS) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot chunk documents into chunks of max_tokens => %d: give %d to %d (256 fits the"
              + " built-in MiniLM embedding model)",
          maxTokens,
          MIN_TOKENS,
          MAX_TOKENS);
    }
    int budget = maxTokens - ChunkTokenizer.SPECIAL_TOKENS;
    if (overlap < 0 || overlap > budget / 2) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot chunk documents with overlap => %d: give 0 to %d (at most half of the %d word"
              + " pieces a chunk of max_tokens => %d holds)",
          overlap,
          budget / 2,
          budget,
          maxTokens);
    }
  }

  /** The word pieces a chunk may hold: {@code maxTokens} less the two special tokens. */
  public int budget() {
    return maxTokens - ChunkTokenizer.SPECIAL_TOKENS;
  }

  public boolean has(ChunkSeparator separator) {
    return separators.contains(separator);
  }
}
