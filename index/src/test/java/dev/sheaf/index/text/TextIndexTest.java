package dev.sheaf.index.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sheaf.index.vector.RowIdSet;
import dev.sheaf.index.vector.VectorSearch;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextIndexTest {
  @TempDir Path directory;

  /** Row id i is DOCS[i]; file-0 holds rows 0..3, file-1 rows 4..6. */
  private static final String[] DOCS = {
    "the cat sat on the mat",
    "cat cat cat",
    "a dog chased the cat around the garden for a long time",
    "dogs and cats",
    "the dog slept",
    null,
    "Cat food for a hungry cat",
  };

  private static final Map<String, LongPredicate> BOTH =
      Map.of("file-0", VectorSearch.NOTHING_HIDDEN, "file-1", VectorSearch.NOTHING_HIDDEN);

  private static void fill(TextIndex index) {
    TextIndex.FileAppender first = index.appendFile("file-0");
    for (int i = 0; i < 4; i++) {
      first.add(i, DOCS[i]);
    }
    TextIndex.FileAppender second = index.appendFile("file-1");
    for (int i = 4; i < DOCS.length; i++) {
      second.add(i, DOCS[i]);
    }
    index.commitFiles(List.of("file-0", "file-1"));
  }

  /**
   * BM25 as Lucene computes it (k1 = 1.2, b = 0.75, no (k1 + 1) factor), for one query term over
   * the standard analyzer's tokens of DOCS (lower-cased words).
   */
  private static double bm25(String term, String doc) {
    List<String[]> indexed =
        Arrays.stream(DOCS)
            .filter(d -> d != null)
            .map(d -> d.toLowerCase(java.util.Locale.ROOT).split(" "))
            .toList();
    double n = indexed.size();
    double containing = indexed.stream().filter(d -> Arrays.asList(d).contains(term)).count();
    double averageLength = indexed.stream().mapToInt(d -> d.length).average().orElseThrow();
    String[] words = doc.toLowerCase(java.util.Locale.ROOT).split(" ");
    double frequency = Arrays.stream(words).filter(term::equals).count();
    double idf = Math.log(1 + (n - containing + 0.5) / (containing + 0.5));
    return idf * frequency / (frequency + 1.2 * (1 - 0.75 + 0.75 * words.length / averageLength));
  }

  @Test
  void ranksByBm25ComputedByHand() {
    try (TextIndex index = TextIndex.open(directory, TextAnalyzer.STANDARD)) {
      fill(index);
      assertThat(index.rows()).isEqualTo(6);
      List<TextHit> hits = index.search(new TextSearch("cat", 10, BOTH, null));
      // "cats" (row 3) is another term under the standard analyzer
      assertThat(hits).extracting(TextHit::rowId).containsExactly(1L, 6L, 0L, 2L);
      for (TextHit hit : hits) {
        assertThat((double) hit.score())
            .isCloseTo(bm25("cat", DOCS[(int) hit.rowId()]), within(1e-5));
      }
      assertThat(index.search(new TextSearch("cat", 2, BOTH, null)))
          .extracting(TextHit::rowId)
          .containsExactly(1L, 6L);
    }
  }

  @Test
  void englishAnalyzerStemsAndQuerySyntaxWorks() {
    try (TextIndex index = TextIndex.open(directory, TextAnalyzer.ENGLISH)) {
      fill(index);
      assertThat(index.search(new TextSearch("cats", 10, BOTH, null)))
          .extracting(TextHit::rowId)
          .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 6L);
      assertThat(index.search(new TextSearch("+dog -cat", 10, BOTH, null)))
          .extracting(TextHit::rowId)
          .containsExactly(4L);
      assertThat(index.search(new TextSearch("\"hungry cat\"", 10, BOTH, null)))
          .extracting(TextHit::rowId)
          .containsExactly(6L);
      assertThat(index.search(new TextSearch("gard*", 10, BOTH, null)))
          .extracting(TextHit::rowId)
          .containsExactly(2L);
      // only stop words: nothing to find
      assertThat(index.search(new TextSearch("the", 10, BOTH, null))).isEmpty();
    }
  }

  @Test
  void filtersDeletesAndVersionsApplyBeforeRanking() {
    try (TextIndex index = TextIndex.open(directory, TextAnalyzer.STANDARD)) {
      fill(index);
      // the WHERE keeps rows 0, 2 and 6: k = 2 still returns two of them
      assertThat(index.search(new TextSearch("cat", 2, BOTH, RowIdSet.of(new long[] {0, 2, 6}))))
          .extracting(TextHit::rowId)
          .containsExactly(6L, 0L);
      // a delete file hides row 1 in file-0; file-1 is not in the version
      assertThat(
              index.search(new TextSearch("cat", 10, Map.of("file-0", rowId -> rowId == 1), null)))
          .extracting(TextHit::rowId)
          .containsExactly(0L, 2L);
    }
  }

  @Test
  void survivesReopeningAndForgetsRetiredFiles() {
    try (TextIndex index = TextIndex.open(directory, TextAnalyzer.STANDARD)) {
      fill(index);
      assertThat(index.retainOnly(Set.of("file-1"))).isEqualTo(1);
    }
    try (TextIndex reopened = TextIndex.open(directory, TextAnalyzer.STANDARD)) {
      assertThat(reopened.files()).containsExactly("file-1");
      assertThat(reopened.rows()).isEqualTo(2);
      assertThat(reopened.search(new TextSearch("cat OR dog", 10, BOTH, null)))
          .extracting(TextHit::rowId)
          .containsExactlyInAnyOrder(4L, 6L);
    }
  }

  @Test
  void malformedQueriesAndUnknownAnalyzersAreClearErrors() {
    try (TextIndex index = TextIndex.open(directory, TextAnalyzer.KEYWORD)) {
      fill(index);
      for (String bad : new String[] {"\"unclosed", "(cat", "*cat", "", "AND"}) {
        assertThatThrownBy(() -> index.search(new TextSearch(bad, 5, BOTH, null)))
            .isInstanceOfSatisfying(
                SheafException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
            .hasMessageContaining("not a valid full-text query");
      }
      // the keyword analyzer matches whole values only
      assertThat(index.search(new TextSearch("\"cat cat cat\"", 5, BOTH, null)))
          .extracting(TextHit::rowId)
          .containsExactly(1L);
    }
    assertThatThrownBy(() -> TextAnalyzer.parse("klingon"))
        .hasMessageContaining("standard, english, whitespace, keyword");
  }
}
