package dev.sheaf.compute.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded text_embedding model: tokenizer plus ONNX session. {@link #embed} runs one batch: it
 * tokenizes, calls the graph once, mean-pools the token states over the attention mask (what
 * sentence-transformers does for MiniLM) or takes a pooled output as it is, and L2-normalizes each
 * vector. The graph's inputs and outputs are checked when the model loads.
 */
final class TextEmbedder {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final String name;
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final ModelSessions sessions;
  private final boolean tokenTypes;
  private final String output;
  private final boolean pooled;
  private final int dimension;

  TextEmbedder(
      String name,
      OrtSession session,
      TextTokenizer tokenizer,
      ModelSessions sessions,
      String output) {
    this.name = name;
    this.session = session;
    this.tokenizer = tokenizer;
    this.sessions = sessions;
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      requireInput(inputs, INPUT_IDS);
      requireInput(inputs, ATTENTION_MASK);
      this.tokenTypes = inputs.containsKey(TOKEN_TYPE_IDS);
      for (String input : inputs.keySet()) {
        if (!List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS).contains(input)) {
          throw mismatch("it takes input '" + input + "', which a text_embedding model has not");
        }
      }
      if (tokenTypes) {
        requireInput(inputs, TOKEN_TYPE_IDS);
      }
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      this.output = output != null ? output : outputs.keySet().iterator().next();
      NodeInfo info = outputs.get(this.output);
      if (info == null) {
        throw mismatch("it has no output '" + output + "' (outputs: " + outputs.keySet() + ")");
      }
      if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
        throw mismatch(
            "output '" + this.output + "' is " + info.getInfo() + ", not a float tensor");
      }
      long[] shape = tensor.getShape();
      if (shape.length != 2 && shape.length != 3) {
        throw mismatch(
            "output '"
                + this.output
                + "' has shape "
                + java.util.Arrays.toString(shape)
                + "; it must be [batch, sequence, dim] or [batch, dim]");
      }
      this.pooled = shape.length == 2;
      long dim = shape[shape.length - 1];
      if (dim <= 0) {
        throw mismatch(
            "output '" + this.output + "' has no fixed last dimension (a vector's size)");
      }
      this.dimension = Math.toIntExact(dim);
    } catch (OrtException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load model '" + name + "': " + ModelSessions.firstLine(e.getMessage()),
          e);
    }
  }

  private void requireInput(Map<String, NodeInfo> inputs, String input) {
    NodeInfo info = inputs.get(input);
    if (info == null) {
      throw mismatch(
          "it has no input '"
              + input
              + "' (inputs: "
              + inputs.keySet()
              + "; a text_embedding model takes input_ids and attention_mask, int64 [batch,"
              + " sequence])");
    }
    if (!(info.getInfo() instanceof TensorInfo tensor)
        || tensor.type != OnnxJavaType.INT64
        || tensor.getShape().length != 2) {
      throw mismatch(
          "input '" + input + "' is " + info.getInfo() + ", not int64 [batch, sequence]");
    }
  }

  private SheafException mismatch(String reason) {
    return SheafException.of(
        ErrorCode.MODEL_SHAPE_MISMATCH,
        "Cannot use model '%s' for text_embedding: %s",
        name,
        reason);
  }

  int dimension() {
    return dimension;
  }

  /** One batch of texts (no nulls) to unit vectors, in order: one ONNX call. */
  float[][] embed(List<String> texts) {
    if (texts.isEmpty()) {
      return new float[0][];
    }
    TokenBatch batch = tokenizer.tokenize(texts);
    long[] shape = {batch.rows(), batch.length()};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(INPUT_IDS, tensor(batch.ids(), shape));
      inputs.put(ATTENTION_MASK, tensor(batch.mask(), shape));
      if (tokenTypes) {
        inputs.put(TOKEN_TYPE_IDS, tensor(batch.types(), shape));
      }
      try (OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
        OnnxValue value = result.get(0);
        if (!(value instanceof OnnxTensor states)) {
          throw mismatch("output '" + output + "' is not a tensor");
        }
        long[] got = states.getInfo().getShape();
        FloatBuffer floats = states.getFloatBuffer();
        return pooled ? normalized(floats, batch, got) : meanPooled(floats, batch, got);
      }
    } catch (OrtException e) {
      throw new SheafException(
          ErrorCode.MODEL_RUN_ERROR,
          "Cannot run model '" + name + "': " + ModelSessions.firstLine(e.getMessage()),
          e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
    return OnnxTensor.createTensor(sessions.environment(), LongBuffer.wrap(values), shape);
  }

  private float[][] meanPooled(FloatBuffer states, TokenBatch batch, long[] shape) {
    if (shape.length != 3
        || shape[0] != batch.rows()
        || shape[1] != batch.length()
        || shape[2] != dimension) {
      throw mismatch("it returned shape " + java.util.Arrays.toString(shape));
    }
    float[][] vectors = new float[batch.rows()][];
    float[] row = new float[batch.length() * dimension];
    for (int r = 0; r < batch.rows(); r++) {
      states.get(r * row.length, row);
      double[] sum = new double[dimension];
      int tokens = 0;
      for (int t = 0; t < batch.length(); t++) {
        if (batch.mask()[r * batch.length() + t] != 0) {
          tokens++;
          int offset = t * dimension;
          for (int d = 0; d < dimension; d++) {
            sum[d] += row[offset + d];
          }
        }
      }
      float[] vector = new float[dimension];
      double count = Math.max(tokens, 1e-9);
      for (int d = 0; d < dimension; d++) {
        vector[d] = (float) (sum[d] / count);
      }
      vectors[r] = unit(vector);
    }
    return vectors;
  }

  private float[][] normalized(FloatBuffer pooledStates, TokenBatch batch, long[] shape) {
    if (shape.length != 2 || shape[0] != batch.rows() || shape[1] != dimension) {
      throw mismatch("it returned shape " + java.util.Arrays.toString(shape));
    }
    float[][] vectors = new float[batch.rows()][];
    for (int r = 0; r < batch.rows(); r++) {
      float[] vector = new float[dimension];
      pooledStates.get(r * dimension, vector);
      vectors[r] = unit(vector);
    }
    return vectors;
  }

  /** The vector divided by its L2 norm (as torch's normalize: the norm at least 1e-12). */
  static float[] unit(float[] vector) {
    double squares = 0;
    for (float v : vector) {
      squares += (double) v * v;
    }
    double norm = Math.max(Math.sqrt(squares), 1e-12);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) (vector[i] / norm);
    }
    return vector;
  }

  void close() {
    sessions.close(session);
    tokenizer.close();
  }
}
