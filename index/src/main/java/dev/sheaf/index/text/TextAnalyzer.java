package dev.sheaf.index.text;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * How a full-text index splits a value into terms, the same at indexing and at query time: {@code
 * standard} (Unicode word boundaries, lower case, no stop words), {@code english} (that, less
 * English stop words, Porter-stemmed: "running" finds "runs"), {@code whitespace} (split on spaces,
 * case kept) or {@code keyword} (the whole value one term: exact matches).
 */
public enum TextAnalyzer {
  STANDARD,
  ENGLISH,
  WHITESPACE,
  KEYWORD;

  /** A new Lucene analyzer (they hold per-thread state: one per index). */
  public Analyzer create() {
    return switch (this) {
      case STANDARD -> new StandardAnalyzer();
      case ENGLISH -> new EnglishAnalyzer();
      case WHITESPACE -> new WhitespaceAnalyzer();
      case KEYWORD -> new KeywordAnalyzer();
    };
  }

  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TextAnalyzer parse(String name) {
    for (TextAnalyzer analyzer : values()) {
      if (analyzer.sqlName().equalsIgnoreCase(name)) {
        return analyzer;
      }
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT,
        "Cannot create the index: unknown analyzer '%s' (use one of %s)",
        name,
        Arrays.stream(values()).map(TextAnalyzer::sqlName).toList());
  }
}
