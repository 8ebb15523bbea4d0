package dev.sheaf.benchmarks;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

/**
 * The limit for Sheaf's backfill of {@code embed_text('minilm', caption)}: a plain Java loop over
 * the same texts calling ONNX Runtime with the same model file, the same tokenizer and the same
 * batch size, one batch after another on one session with ONNX Runtime's default options (its
 * threads over all cores); mean pooling and L2 normalization as Sheaf does. No table, no SQL.
 */
final class PlainOnnxLoop {
  private PlainOnnxLoop() {}

  /** Embeds every caption; returns a checksum so the work cannot be skipped. */
  static double run(List<String> texts, int batchSize) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    byte[] model;
    try (InputStream in = PlainOnnxLoop.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
      model = in.readAllBytes();
    }
    double checksum = 0;
    try (InputStream json =
            PlainOnnxLoop.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json");
        HuggingFaceTokenizer tokenizer =
            HuggingFaceTokenizer.newInstance(
                json, Map.of("padding", "false", "truncation", "true", "maxLength", "256"));
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model, options)) {
      for (int from = 0; from < texts.size(); from += batchSize) {
        List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
        Encoding[] encodings = tokenizer.batchEncode(batch);
        int rows = encodings.length;
        int length = 0;
        for (Encoding e : encodings) {
          length = Math.max(length, e.getIds().length);
        }
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] types = new long[rows * length];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(encodings[r].getIds(), 0, ids, r * length, encodings[r].getIds().length);
          System.arraycopy(
              encodings[r].getAttentionMask(),
              0,
              mask,
              r * length,
              encodings[r].getAttentionMask().length);
        }
        long[] shape = {rows, length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
            OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
            OnnxTensor typeTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
            OrtSession.Result result =
                session.run(
                    Map.of(
                        "input_ids", idTensor,
                        "attention_mask", maskTensor,
                        "token_type_ids", typeTensor))) {
          FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
          int dim = 384;
          for (int r = 0; r < rows; r++) {
            float[] sum = new float[dim];
            int tokens = 0;
            for (int t = 0; t < length; t++) {
              if (mask[r * length + t] != 0) {
                tokens++;
                int base = (r * length + t) * dim;
                for (int d = 0; d < dim; d++) {
                  sum[d] += states.get(base + d);
                }
              }
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) {
              sum[d] /= tokens;
              norm += sum[d] * sum[d];
            }
            checksum += sum[0] / Math.max(Math.sqrt(norm), 1e-12);
          }
        }
      }
    }
    return checksum;
  }
}
