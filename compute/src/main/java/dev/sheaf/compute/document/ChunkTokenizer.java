package dev.sheaf.compute.document;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Counts tokens as the built-in text embedding model (all-MiniLM-L6-v2, {@code
 * text_embedding('minilm', ...)}) sees them: its WordPiece tokenizer.json, shipped in the
 * langchain4j embeddings jar, through the Hugging Face tokenizers library, without truncation. A
 * chunk of {@code n} word pieces is {@code n + 2} tokens to the model ({@code [CLS]} and {@code
 * [SEP]}). One instance serves every thread (the Rust tokenizer is immutable while encoding).
 */
public final class ChunkTokenizer {
  /** The model's special tokens around every text: [CLS] and [SEP]. */
  public static final int SPECIAL_TOKENS = 2;

  /** The resource ModelRegistry reads for the built-in model, too. */
  private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

  static {
    // DJL would download a native library for a platform its jar lacks; Sheaf never downloads
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  private static final class Holder {
    private static final ChunkTokenizer MINILM = load();
  }

  private final HuggingFaceTokenizer tokenizer;

  private ChunkTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** The tokenizer of the built-in MiniLM model, loaded once. */
  public static ChunkTokenizer minilm() {
    return Holder.MINILM;
  }

  private static ChunkTokenizer load() {
    Map<String, String> options =
        Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
    try (InputStream json = ChunkTokenizer.class.getResourceAsStream(MINILM_TOKENIZER)) {
      if (json == null) {
        throw new IllegalStateException("the MiniLM tokenizer is not on the class path");
      }
      return new ChunkTokenizer(HuggingFaceTokenizer.newInstance(json, options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The word pieces of {@code text}, without the special tokens. */
  public int count(String text) {
    return text.isEmpty() ? 0 : tokenizer.encode(text, false, false).getIds().length;
  }

  /** Every token of {@code text} with its span (UTF-16 indices) and word. */
  TokenSpans spans(String text) {
    if (text.isEmpty()) {
      return new TokenSpans(new int[0], new int[0], new int[0]);
    }
    Encoding encoding = tokenizer.encode(text, false, false);
    CharSpan[] spans = encoding.getCharTokenSpans();
    long[] words = encoding.getWordIds();
    CodePointIndex index = CodePointIndex.of(text);
    int[] starts = new int[spans.length];
    int[] ends = new int[spans.length];
    int[] wordIds = new int[spans.length];
    for (int i = 0; i < spans.length; i++) {
      // the library's spans count code points
      starts[i] = index.utf16(spans[i].getStart());
      ends[i] = index.utf16(spans[i].getEnd());
      wordIds[i] = (int) words[i];
    }
    return new TokenSpans(starts, ends, wordIds);
  }
}
