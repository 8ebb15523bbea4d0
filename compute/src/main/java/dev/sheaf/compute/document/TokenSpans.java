package dev.sheaf.compute.document;

/**
 * The tokens of a text: token {@code i} covers UTF-16 indices {@code [starts[i], ends[i])} and
 * belongs to pre-tokenizer word {@code words[i]} (a word's later pieces are WordPiece's {@code ##}
 * continuations). Spans are in text order.
 */
record TokenSpans(int[] starts, int[] ends, int[] words) {
  int size() {
    return starts.length;
  }

  /** The first token that starts at or after {@code offset}. */
  int firstAtOrAfter(int offset) {
    int low = 0;
    int high = starts.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (starts[middle] < offset) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The number of tokens that lie inside {@code [from, to)}. */
  int count(int from, int to) {
    return Math.max(0, firstAtOrAfter(to) - firstAtOrAfter(from));
  }

  /** Whether token {@code i} starts a word (is not a continuation of the token before it). */
  boolean startsWord(int i) {
    return i == 0 || words[i] != words[i - 1] || words[i] < 0;
  }
}
