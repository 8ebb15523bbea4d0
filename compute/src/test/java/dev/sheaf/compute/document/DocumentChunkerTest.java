package dev.sheaf.compute.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.DocumentSamples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DocumentChunkerTest {
  private static final ChunkTokenizer TOKENIZER = ChunkTokenizer.minilm();
  private static final DocumentChunker CHUNKER = new DocumentChunker(TOKENIZER);

  private static final String S1 = "The cat sat on the mat.";
  private static final String S2 = "The dog ran in the park.";
  private static final String S3 = "A bird sang on the tree.";
  private static final String P2 = "It was a good day.";

  static List<DocumentChunk> chunks(
      String uri, String content, String separators, int max, int overlap) {
    DocumentText text = DocumentReader.read(uri, content.getBytes(StandardCharsets.UTF_8), null);
    List<DocumentChunk> chunks =
        CHUNKER.chunk(text, new ChunkSettings(ChunkSeparator.parseList(separators), max, overlap));
    assertInvariants(text, chunks, max);
    return chunks;
  }

  /** Every chunk fits, slices back out of the document's text, and counts its tokens right. */
  static void assertInvariants(DocumentText text, List<DocumentChunk> chunks, int max) {
    String all = text.text();
    for (int i = 0; i < chunks.size(); i++) {
      DocumentChunk chunk = chunks.get(i);
      assertThat(chunk.pos()).isEqualTo(i);
      int from = all.offsetByCodePoints(0, chunk.startOffset());
      int to = all.offsetByCodePoints(0, chunk.endOffset());
      assertThat(all.substring(from, to)).isEqualTo(chunk.text());
      int real = TOKENIZER.count(chunk.text()) + ChunkTokenizer.SPECIAL_TOKENS;
      assertThat(real).as("tokens of chunk %d", i).isLessThanOrEqualTo(max);
      assertThat(chunk.tokens()).isEqualTo(real);
      assertThat(chunk.text()).isEqualTo(chunk.text().strip()).isNotEmpty();
    }
  }

  @Test
  void sentencesEachSevenTokens() {
    for (String s : List.of(S1, S2, S3)) {
      assertThat(TOKENIZER.count(s)).isEqualTo(7);
    }
    assertThat(TOKENIZER.count(P2)).isEqualTo(6);
  }

  @Test
  void packsSentencesAndParagraphsUpToTheBudget() {
    String content = S1 + " " + S2 + " " + S3 + "\n\n" + P2 + "\n";
    // 16 tokens: 14 word pieces; the first paragraph (21) splits into sentences, packed 2 + 1,
    // and the last sentence takes the next paragraph (7 + 6 = 13)
    List<DocumentChunk> chunks = chunks("file:///a.txt", content, "paragraph,sentence", 16, 0);
    assertThat(chunks)
        .extracting(DocumentChunk::text)
        .containsExactly(S1 + " " + S2, S3 + "\n\n" + P2);
    assertThat(chunks).extracting(DocumentChunk::tokens).containsExactly(16, 15);
    assertThat(chunks.get(1).startOffset()).isEqualTo(content.indexOf(S3));
    assertThat(chunks.get(1).endOffset()).isEqualTo(content.length() - 1);
    assertThat(chunks).extracting(DocumentChunk::page).containsOnlyNulls();
  }

  @Test
  void withoutSentencesALongParagraphIsCutBetweenWords() {
    String content = S1 + " " + S2 + " " + S3 + "\n\n" + P2;
    List<DocumentChunk> chunks = chunks("file:///a.txt", content, "paragraph", 16, 0);
    // 14 word pieces, then 7, then the next paragraph (6) joins them: 13
    assertThat(chunks)
        .extracting(DocumentChunk::text)
        .containsExactly(S1 + " " + S2, S3 + "\n\n" + P2);
    List<DocumentChunk> words = chunks("file:///a.txt", content, "paragraph", 12, 0);
    assertThat(words)
        .extracting(DocumentChunk::text)
        .containsExactly(
            "The cat sat on the mat. The dog ran",
            "in the park. A bird sang on the",
            "tree.\n\n" + P2);
    // cuts fall after white space, not before the period that ends a word
  }

  @Test
  void overlapRepeatsTheLastWordPieces() {
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      words.append(i == 0 ? "" : " ").append("word");
    }
    String content = words.toString();
    assertThat(TOKENIZER.count(content)).isEqualTo(30);
    List<DocumentChunk> chunks = chunks("file:///a.txt", content, "token", 16, 4);
    // pieces of 14 - 4 word pieces, so that each fits after the 4 its chunk repeats
    assertThat(chunks).extracting(DocumentChunk::tokens).containsExactly(12, 16, 16);
    assertThat(chunks).extracting(DocumentChunk::startOffset).containsExactly(0, 6 * 5, 16 * 5);
    assertThat(chunks)
        .extracting(DocumentChunk::endOffset)
        .containsExactly(50 - 1, 100 - 1, 150 - 1);
    assertThatThrownBy(() -> new ChunkSettings(ChunkSeparator.parseList("token"), 16, 8))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage(
            "Cannot chunk documents with overlap => 8: give 0 to 7 (at most half of the 14 word"
                + " pieces a chunk of max_tokens => 16 holds)");
  }

  @Test
  void headingsAreHardBoundariesAndNameTheChunk() {
    String markdown =
        "# Guide\n\nIntro paragraph.\n\n## Install\n\n"
            + S1
            + "\n\n"
            + S2
            + "\n\n## Use\n\nRun it.\n";
    List<DocumentChunk> chunks = chunks("file:///g.md", markdown, "heading,paragraph", 256, 0);
    assertThat(chunks)
        .extracting(DocumentChunk::text)
        .containsExactly(
            "Guide\n\nIntro paragraph.", "Install\n\n" + S1 + "\n\n" + S2, "Use\n\nRun it.");
    assertThat(chunks)
        .extracting(DocumentChunk::heading)
        .containsExactly("Guide", "Guide > Install", "Guide > Use");
    // without the heading separator the sections pack together; a chunk is named where it starts
    List<DocumentChunk> packed = chunks("file:///g.md", markdown, "paragraph", 256, 0);
    assertThat(packed).hasSize(1);
    assertThat(packed.getFirst().heading()).isEqualTo("Guide");
  }

  @Test
  void htmlChunksDropScripts() {
    String html =
        "<html><body><h1>Top</h1><p>"
            + S1
            + "</p><script>var x = 'never shown';</script>"
            + "<h2>Sub</h2><p>"
            + S2
            + "</p></body></html>";
    List<DocumentChunk> chunks = chunks("file:///p.html", html, "heading,paragraph", 64, 0);
    assertThat(chunks)
        .extracting(DocumentChunk::text)
        .containsExactly("Top\n\n" + S1, "Sub\n\n" + S2);
    assertThat(chunks).extracting(DocumentChunk::heading).containsExactly("Top", "Top > Sub");
  }

  @Test
  void pdfChunksKeepTheirPages() {
    byte[] pdf = DocumentSamples.pdf(DocumentReaderTest.PAGES, null, null);
    DocumentText text = DocumentReader.read("file:///d.pdf", pdf, null);
    List<DocumentChunk> chunks =
        CHUNKER.chunk(
            text, new ChunkSettings(ChunkSeparator.parseList("heading,paragraph"), 256, 0));
    assertInvariants(text, chunks, 256);
    assertThat(chunks).extracting(DocumentChunk::page).containsExactly(1, 2, 4);
    assertThat(chunks).extracting(DocumentChunk::heading).containsOnlyNulls();
    assertThat(chunks.get(1).text()).isEqualTo("Page two has a single paragraph.");
    List<DocumentChunk> small =
        CHUNKER.chunk(text, new ChunkSettings(ChunkSeparator.parseList("paragraph"), 16, 0));
    assertInvariants(text, small, 16);
    assertThat(small).extracting(DocumentChunk::page).containsExactly(1, 1, 2, 4);
    assertThat(small.get(1).text()).isEqualTo("A second paragraph on page one.");
  }

  @Test
  void pdfOutlineItemsAreHeadings() {
    List<List<List<String>>> pages =
        List.of(
            List.of(List.of("Contents: Intro, Details"), List.of("1 Intro"), List.of(S1)),
            List.of(List.of(S2), List.of("1.1 Details"), List.of(S3)));
    byte[] pdf =
        DocumentSamples.pdfWithOutline(
            pages,
            List.of(
                new DocumentSamples.Heading("1 Intro", 1, 1),
                new DocumentSamples.Heading("1.1   Details", 2, 2),
                new DocumentSamples.Heading("Nowhere in the text", 2, 2)));
    DocumentText text = DocumentReader.read("file:///o.pdf", pdf, null);
    assertThat(text.headings())
        .extracting(DocumentHeading::title)
        .containsExactly("1 Intro", "Nowhere in the text", "1.1   Details");
    List<DocumentChunk> chunks =
        CHUNKER.chunk(
            text, new ChunkSettings(ChunkSeparator.parseList("heading,paragraph"), 256, 0));
    assertInvariants(text, chunks, 256);
    assertThat(chunks)
        .extracting(DocumentChunk::text)
        .containsExactly(
            "Contents: Intro, Details", "1 Intro\n\n" + S1, S2, "1.1 Details\n\n" + S3);
    assertThat(chunks)
        .extracting(DocumentChunk::heading)
        .containsExactly(
            null, "1 Intro", "1 Intro > Nowhere in the text", "1 Intro > 1.1   Details");
    assertThat(chunks).extracting(DocumentChunk::page).containsExactly(1, 1, 2, 2);
  }

  @Test
  void offsetsCountCodePoints() {
    String first = "😀 emoji first. 世界 and more.";
    String content = first + "\n\nSecond 😀 paragraph here.";
    List<DocumentChunk> chunks = chunks("file:///e.txt", content, "paragraph", 256, 0);
    assertThat(chunks).hasSize(1);
    int max = TOKENIZER.count(first) + ChunkTokenizer.SPECIAL_TOKENS;
    List<DocumentChunk> split = chunks("file:///e.txt", content, "paragraph", max, 0);
    assertThat(split)
        .extracting(DocumentChunk::text)
        .containsExactly(first, "Second 😀 paragraph here.");
    assertThat(split.get(1).startOffset())
        .isEqualTo(content.codePointCount(0, content.indexOf("Second")))
        .isLessThan(content.indexOf("Second"));
  }

  @Test
  void aWordLongerThanTheBudgetIsCutInsideAndStillFits() {
    // WordPiece gives one [UNK] for a word over 100 characters; 95 random letters are many pieces
    Random random = new Random(7);
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < 95; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    String content = "start " + word + " end";
    List<DocumentChunk> chunks = chunks("file:///w.txt", content, "paragraph,sentence", 8, 0);
    assertThat(chunks.size()).isGreaterThan(5);
    assertThat(String.join("", chunks.stream().map(DocumentChunk::text).toList()).replace(" ", ""))
        .isEqualTo(content.replace(" ", ""));
  }

  @Test
  void generatedDocumentsNeverExceedTheLimit() {
    Random random = new Random(42);
    String[] vocabulary = {
      "data",
      "training",
      "tokenization",
      "multimodal",
      "iceberg",
      "the",
      "of",
      "unbelievable",
      "Sheaf,",
      "server.",
      "naïve",
      "日本",
      "😀",
      "(parentheses)",
      "e.g.",
      "3.14",
      "x-ray"
    };
    for (int round = 0; round < 5; round++) {
      StringBuilder markdown = new StringBuilder();
      for (int section = 0; section < 6; section++) {
        markdown.append("#".repeat(1 + random.nextInt(3))).append(" Section ").append(section);
        markdown.append("\n\n");
        for (int paragraph = 0; paragraph < 1 + random.nextInt(4); paragraph++) {
          int words = 5 + random.nextInt(200);
          List<String> parts = new ArrayList<>();
          for (int w = 0; w < words; w++) {
            parts.add(vocabulary[random.nextInt(vocabulary.length)]);
            if (random.nextInt(12) == 0) {
              parts.add("End.");
            }
          }
          markdown.append(String.join(" ", parts)).append("\n\n");
        }
      }
      for (String separators :
          List.of("heading,paragraph", "sentence", "heading,paragraph,sentence,token")) {
        int max = 16 + random.nextInt(100);
        int overlap = random.nextInt((max - 2) / 2 + 1);
        chunks("file:///r.md", markdown.toString(), separators, max, overlap);
      }
    }
  }

  @Test
  void manySectionsKeepTheirOwnHeadings() {
    StringBuilder markdown = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      markdown.append(i % 10 == 0 ? "# Part " : "## Item ").append(i).append("\n\n");
      markdown.append(S1).append(' ').append(S2).append("\n\n").append(P2).append("\n\n");
    }
    List<DocumentChunk> chunks = chunks("file:///big.md", markdown.toString(), "heading", 256, 0);
    assertThat(chunks).hasSize(3000);
    assertThat(chunks.get(2999).heading()).isEqualTo("Part 2990 > Item 2999");
    assertThat(chunks.get(2990).heading()).isEqualTo("Part 2990");
    assertThat(chunks.get(2999).text()).isEqualTo("Item 2999\n\n" + S1 + " " + S2 + "\n\n" + P2);
  }

  @Test
  void badSeparatorsAndLimits() {
    assertThatThrownBy(() -> ChunkSeparator.parseList("heading,page"))
        .hasMessage(
            "Cannot chunk documents at 'page': separators are [heading, paragraph, sentence, token]"
                + " (give a comma-separated list)");
    assertThatThrownBy(() -> new ChunkSettings(ChunkSeparator.parseList("token"), 4, 0))
        .hasMessageStartingWith("Cannot chunk documents into chunks of max_tokens => 4: give 8 to");
  }
}
