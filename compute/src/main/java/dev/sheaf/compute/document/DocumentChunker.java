package dev.sheaf.compute.document;

import static java.util.Objects.requireNonNull;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Cuts a document's text into chunks that fit an embedding model. The text is tokenized once; a
 * range's length is the number of its tokens. Sections (between PDF pages, and between headings
 * when {@link ChunkSeparator#HEADING} is asked for) are never merged. A section over the budget is
 * split at the next finer separator asked for (paragraph, then sentence), and a piece still over it
 * at the next, down to words and word pieces (always allowed: no chunk is over the budget); the
 * pieces of a section are then packed greedily, in order, into chunks of at most the budget. Chunks
 * start and end at word boundaries; with an overlap, a chunk starts that many word pieces (rounded
 * to a word) before the end of the one before it in the same section.
 */
public final class DocumentChunker {
  private final ChunkTokenizer tokenizer;

  public DocumentChunker(ChunkTokenizer tokenizer) {
    this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
  }

  /** The chunks of a document, in text order. */
  public List<DocumentChunk> chunk(DocumentText document, ChunkSettings settings) {
    return new Run(document, settings).chunks();
  }

  /** One document's chunking. */
  private final class Run {
    private final DocumentText document;
    private final String text;
    private final ChunkSettings settings;
    private final TokenSpans spans;
    private final CodePointIndex points;
    private final List<ChunkSeparator> levels = new ArrayList<>();
    private final List<DocumentChunk> chunks = new ArrayList<>();

    /** The heading path of each heading, joined with " > ". */
    private final String[] headingPaths;

    Run(DocumentText document, ChunkSettings settings) {
      this.document = document;
      this.text = document.text();
      this.settings = settings;
      this.spans = tokenizer.spans(text);
      this.points = CodePointIndex.of(text);
      for (ChunkSeparator separator :
          List.of(ChunkSeparator.PARAGRAPH, ChunkSeparator.SENTENCE, ChunkSeparator.TOKEN)) {
        if (settings.has(separator)) {
          levels.add(separator);
        }
      }
      if (!levels.contains(ChunkSeparator.TOKEN)) {
        levels.add(ChunkSeparator.TOKEN);
      }
      List<DocumentHeading> headings = document.headings();
      this.headingPaths = new String[headings.size()];
      List<DocumentHeading> open = new ArrayList<>();
      for (int h = 0; h < headings.size(); h++) {
        DocumentHeading heading = headings.get(h);
        while (!open.isEmpty() && open.getLast().level() >= heading.level()) {
          open.removeLast();
        }
        open.add(heading);
        headingPaths[h] = String.join(" > ", open.stream().map(DocumentHeading::title).toList());
      }
    }

    List<DocumentChunk> chunks() {
      for (int[] section : sections()) {
        List<int[]> units = new ArrayList<>();
        split(section[0], section[1], 0, units);
        pack(units);
      }
      return List.copyOf(chunks);
    }

    /** The ranges no chunk crosses: between page starts and (when asked) heading starts. */
    private List<int[]> sections() {
      TreeSet<Integer> cuts = new TreeSet<>();
      cuts.add(0);
      document.pages().forEach(page -> cuts.add(page.start()));
      if (settings.has(ChunkSeparator.HEADING)) {
        document.headings().forEach(heading -> cuts.add(heading.start()));
      }
      cuts.add(text.length());
      List<int[]> sections = new ArrayList<>();
      Integer from = cuts.first();
      for (Integer to : cuts.tailSet(from, false)) {
        addTrimmed(from, to, sections);
        from = to;
      }
      return sections;
    }

    /** Adds {@code [from, to)} less its surrounding white space, if anything is left. */
    private void addTrimmed(int from, int to, List<int[]> out) {
      while (from < to && Character.isWhitespace(text.charAt(from))) {
        from++;
      }
      while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
        to--;
      }
      if (from < to) {
        out.add(new int[] {from, to});
      }
    }

    /**
     * Splits {@code [from, to)} at {@code levels[level]} and finer until each piece fits the budget
     * less the overlap (so a piece fits after the overlap a chunk starts with).
     */
    private void split(int from, int to, int level, List<int[]> out) {
      if (spans.count(from, to) <= pieceBudget()) {
        out.add(new int[] {from, to});
        return;
      }
      ChunkSeparator separator = levels.get(level);
      if (separator == ChunkSeparator.TOKEN) {
        splitTokens(from, to, out);
        return;
      }
      List<int[]> parts =
          separator == ChunkSeparator.PARAGRAPH ? paragraphs(from, to) : sentences(from, to);
      if (parts.size() <= 1) {
        split(from, to, level + 1, out);
        return;
      }
      for (int[] part : parts) {
        split(part[0], part[1], level + 1, out);
      }
    }

    private List<int[]> paragraphs(int from, int to) {
      List<TextBlock> blocks = document.blocks();
      int low = 0;
      int high = blocks.size();
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (blocks.get(middle).end() <= from) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      List<int[]> parts = new ArrayList<>();
      for (int b = low; b < blocks.size() && blocks.get(b).start() < to; b++) {
        TextBlock block = blocks.get(b);
        addTrimmed(Math.max(from, block.start()), Math.min(to, block.end()), parts);
      }
      return parts;
    }

    private List<int[]> sentences(int from, int to) {
      BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
      sentences.setText(text.substring(from, to));
      List<int[]> parts = new ArrayList<>();
      int start = sentences.first();
      for (int end = sentences.next(); end != BreakIterator.DONE; end = sentences.next()) {
        addTrimmed(from + start, from + end, parts);
        start = end;
      }
      return parts;
    }

    /** Cuts {@code [from, to)} between words into pieces of at most the budget. */
    private void splitTokens(int from, int to, List<int[]> out) {
      int first = spans.firstAtOrAfter(from);
      int last = spans.firstAtOrAfter(to);
      int budget = pieceBudget();
      int i = first;
      while (i < last) {
        int j = Math.min(i + budget, last);
        if (j < last) {
          j = cutBefore(i, j);
        }
        out.add(new int[] {spans.starts()[i], spans.ends()[j - 1]});
        i = j;
      }
    }

    /**
     * Where to cut tokens {@code [i, j)} short: before the last token in it that follows white
     * space, else that starts a word (punctuation), else inside a word.
     */
    private int cutBefore(int i, int j) {
      for (int k = j; k > i; k--) {
        int start = spans.starts()[k];
        if (start > 0 && Character.isWhitespace(text.charAt(start - 1))) {
          return k;
        }
      }
      for (int k = j; k > i; k--) {
        if (spans.startsWord(k)) {
          return k;
        }
      }
      return fitInsideWord(i, j);
    }

    /**
     * A word longer than the budget is cut between word pieces; its later pieces lose their {@code
     * ##} and may tokenize longer on their own, so the piece is counted again and shortened until
     * it fits.
     */
    private int fitInsideWord(int i, int j) {
      while (j > i + 1
          && tokenizer.count(text.substring(spans.starts()[i], spans.ends()[j - 1]))
              > pieceBudget()) {
        j--;
      }
      return j;
    }

    private int pieceBudget() {
      return settings.budget() - settings.overlap();
    }

    /** Packs the units of one section into chunks of at most the budget. */
    private void pack(List<int[]> units) {
      int budget = settings.budget();
      Integer overlapStart = null;
      int i = 0;
      while (i < units.size()) {
        int start = overlapStart != null ? overlapStart : units.get(i)[0];
        if (spans.count(start, units.get(i)[1]) > budget) {
          start = units.get(i)[0];
        }
        int j = i;
        while (j + 1 < units.size() && spans.count(start, units.get(j + 1)[1]) <= budget) {
          j++;
        }
        int end = units.get(j)[1];
        emit(start, end);
        i = j + 1;
        overlapStart = settings.overlap() > 0 && i < units.size() ? overlapStart(start, end) : null;
      }
    }

    /** Where the next chunk starts to repeat the last {@code overlap} word pieces of this one. */
    private Integer overlapStart(int start, int end) {
      int first = spans.firstAtOrAfter(start);
      int after = spans.firstAtOrAfter(end);
      int t = Math.max(after - settings.overlap(), first + 1);
      while (t < after && !spans.startsWord(t)) {
        t++;
      }
      return t < after ? spans.starts()[t] : null;
    }

    /** The heading path at {@code offset}: that of the last heading at or before it. */
    private String headingAt(int offset) {
      List<DocumentHeading> headings = document.headings();
      int low = 0;
      int high = headings.size();
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (headings.get(middle).start() <= offset) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return low == 0 ? null : headingPaths[low - 1];
    }

    private void emit(int start, int end) {
      int first = spans.firstAtOrAfter(start);
      int after = spans.firstAtOrAfter(end);
      boolean insideWord =
          (first < spans.size() && !spans.startsWord(first))
              || (after < spans.size() && !spans.startsWord(after));
      // a chunk cut inside a word tokenizes differently on its own: count it again
      int pieces = insideWord ? tokenizer.count(text.substring(start, end)) : after - first;
      chunks.add(
          new DocumentChunk(
              chunks.size(),
              document.pageAt(start),
              headingAt(start),
              text.substring(start, end),
              points.codePoint(start),
              points.codePoint(end),
              pieces + ChunkTokenizer.SPECIAL_TOKENS));
    }
  }
}
