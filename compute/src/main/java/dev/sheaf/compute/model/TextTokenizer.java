package dev.sheaf.compute.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face tokenizer (the Rust {@code tokenizers} library through DJL's JNI binding, whose
 * jar carries the native library for linux-x86_64: nothing is downloaded) read from a {@code
 * tokenizer.json}. Special tokens are added, texts are truncated to {@code maxLength} tokens and
 * padded here to the longest text of each batch.
 */
final class TextTokenizer implements AutoCloseable {
  static {
    // DJL would download a native library for a platform its jar lacks; Sheaf never downloads
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  private final HuggingFaceTokenizer tokenizer;

  private TextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Reads a tokenizer.json; {@code what} names it in errors. */
  static TextTokenizer read(InputStream json, int maxLength, String what) {
    Map<String, String> options =
        Map.of(
            "addSpecialTokens", "true",
            "padding", "false",
            "truncation", "true",
            "maxLength", Integer.toString(maxLength));
    try {
      return new TextTokenizer(HuggingFaceTokenizer.newInstance(json, options));
    } catch (IOException | RuntimeException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load the tokenizer of model "
              + what
              + ": "
              + ModelSessions.firstLine(e.getMessage())
              + " (give a Hugging Face tokenizer.json)",
          e);
    }
  }

  TokenBatch tokenize(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int length = 1;
    for (Encoding encoding : encodings) {
      length = Math.max(length, encoding.getIds().length);
    }
    int rows = encodings.length;
    long[] ids = new long[rows * length];
    long[] mask = new long[rows * length];
    long[] types = new long[rows * length];
    for (int r = 0; r < rows; r++) {
      Encoding encoding = encodings[r];
      System.arraycopy(encoding.getIds(), 0, ids, r * length, encoding.getIds().length);
      System.arraycopy(
          encoding.getAttentionMask(), 0, mask, r * length, encoding.getAttentionMask().length);
      System.arraycopy(encoding.getTypeIds(), 0, types, r * length, encoding.getTypeIds().length);
    }
    return new TokenBatch(rows, length, ids, mask, types);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
