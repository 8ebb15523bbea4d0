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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded clip model: its image tower (input {@code pixel_values}, float [batch, 3, size, size];
 * output {@code image_embeds}, float [batch, dim]) and its text tower (inputs {@code input_ids} and
 * optionally {@code attention_mask}, int64 [batch, sequence]; output {@code text_embeds}, float
 * [batch, dim]), in one graph (a Hugging Face optimum export of CLIPModel) or two. A graph that
 * holds both towers gets a one-row stand-in for the inputs of the tower not asked for. Vectors are
 * L2-normalized. Checked when the model loads: anything else is MODEL_SHAPE_MISMATCH.
 */
final class ClipEncoder {
  static final String PIXEL_VALUES = "pixel_values";
  static final String IMAGE_EMBEDS = "image_embeds";
  static final String TEXT_EMBEDS = "text_embeds";
  private static final Set<String> INPUTS =
      Set.of(PIXEL_VALUES, TextEmbedder.INPUT_IDS, TextEmbedder.ATTENTION_MASK);

  /** The image side when the graph does not fix it. */
  static final int DEFAULT_IMAGE_SIZE = 224;

  private final String name;
  private final OrtSession images;
  private final OrtSession texts;
  private final TextTokenizer tokenizer;
  private final ModelSessions sessions;
  private final int imageSize;
  private final int fixedLength;
  private final int dimension;

  ClipEncoder(
      String name,
      OrtSession images,
      OrtSession texts,
      TextTokenizer tokenizer,
      ModelSessions sessions) {
    this.name = name;
    this.images = images;
    this.texts = texts;
    this.tokenizer = tokenizer;
    this.sessions = sessions;
    try {
      checkInputs(images);
      if (texts != images) {
        checkInputs(texts);
      }
      long[] pixels = input(images, PIXEL_VALUES, OnnxJavaType.FLOAT, 4, "float [batch, 3, H, W]");
      if (pixels[1] != 3) {
        throw mismatch(
            "input 'pixel_values' has shape "
                + Arrays.toString(pixels)
                + "; a clip model takes RGB images, float [batch, 3, H, W]");
      }
      if (pixels[2] > 0 && pixels[3] > 0 && pixels[2] != pixels[3]) {
        throw mismatch("input 'pixel_values' is not square: " + Arrays.toString(pixels));
      }
      this.imageSize = pixels[2] > 0 ? (int) pixels[2] : DEFAULT_IMAGE_SIZE;
      long[] ids =
          input(texts, TextEmbedder.INPUT_IDS, OnnxJavaType.INT64, 2, "int64 [batch, sequence]");
      if (texts.getInputInfo().containsKey(TextEmbedder.ATTENTION_MASK)) {
        input(texts, TextEmbedder.ATTENTION_MASK, OnnxJavaType.INT64, 2, "int64 [batch, sequence]");
      }
      this.fixedLength = ids[1] > 0 ? (int) ids[1] : -1;
      int imageDim = output(images, IMAGE_EMBEDS);
      int textDim = output(texts, TEXT_EMBEDS);
      if (imageDim != textDim) {
        throw mismatch(
            "image_embeds has "
                + imageDim
                + " values and text_embeds "
                + textDim
                + "; they must match");
      }
      this.dimension = imageDim;
    } catch (OrtException e) {
      throw new SheafException(
          ErrorCode.MODEL_LOAD_ERROR,
          "Cannot load model '" + name + "': " + ModelSessions.firstLine(e.getMessage()),
          e);
    }
  }

  private void checkInputs(OrtSession session) throws OrtException {
    for (String input : session.getInputInfo().keySet()) {
      if (!INPUTS.contains(input)) {
        throw mismatch(
            "it takes input '"
                + input
                + "', which a clip model has not (inputs: pixel_values, input_ids,"
                + " attention_mask)");
      }
    }
  }

  private long[] input(OrtSession session, String input, OnnxJavaType type, int rank, String want)
      throws OrtException {
    NodeInfo info = session.getInputInfo().get(input);
    if (info == null) {
      throw mismatch(
          "it has no input '"
              + input
              + "' (inputs: "
              + session.getInputInfo().keySet()
              + "; a clip model takes "
              + input
              + ", "
              + want
              + ")");
    }
    if (!(info.getInfo() instanceof TensorInfo tensor)
        || tensor.type != type
        || tensor.getShape().length != rank) {
      throw mismatch("input '" + input + "' is " + info.getInfo() + ", not " + want);
    }
    return tensor.getShape();
  }

  private int output(OrtSession session, String output) throws OrtException {
    NodeInfo info = session.getOutputInfo().get(output);
    if (info == null) {
      throw mismatch(
          "it has no output '" + output + "' (outputs: " + session.getOutputInfo().keySet() + ")");
    }
    if (!(info.getInfo() instanceof TensorInfo tensor)
        || tensor.type != OnnxJavaType.FLOAT
        || tensor.getShape().length != 2
        || tensor.getShape()[1] <= 0) {
      throw mismatch(
          "output '"
              + output
              + "' is "
              + info.getInfo()
              + ", not float [batch, dim] of a fixed dim");
    }
    return Math.toIntExact(tensor.getShape()[1]);
  }

  private SheafException mismatch(String reason) {
    return SheafException.of(
        ErrorCode.MODEL_SHAPE_MISMATCH, "Cannot use model '%s' for clip: %s", name, reason);
  }

  int dimension() {
    return dimension;
  }

  /** The side of the square images the image tower takes. */
  int imageSize() {
    return imageSize;
  }

  /** One batch of preprocessed images ({@link ClipImages}) to unit vectors: one ONNX call. */
  float[][] encodeImages(List<float[]> pixels) {
    if (pixels.isEmpty()) {
      return new float[0][];
    }
    int plane = 3 * imageSize * imageSize;
    float[] values = new float[pixels.size() * plane];
    for (int i = 0; i < pixels.size(); i++) {
      System.arraycopy(pixels.get(i), 0, values, i * plane, plane);
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(
          PIXEL_VALUES,
          OnnxTensor.createTensor(
              sessions.environment(),
              FloatBuffer.wrap(values),
              new long[] {pixels.size(), 3, imageSize, imageSize}));
      if (images.getInputInfo().containsKey(TextEmbedder.INPUT_IDS)) {
        textInputs(images, tokens(List.of("")), inputs);
      }
      return run(images, inputs, IMAGE_EMBEDS, pixels.size());
    } catch (OrtException e) {
      throw runError(e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** One batch of texts (no nulls) to unit vectors: one ONNX call. */
  float[][] encodeTexts(List<String> batch) {
    if (batch.isEmpty()) {
      return new float[0][];
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      textInputs(texts, tokens(batch), inputs);
      if (texts.getInputInfo().containsKey(PIXEL_VALUES)) {
        inputs.put(
            PIXEL_VALUES,
            OnnxTensor.createTensor(
                sessions.environment(),
                FloatBuffer.wrap(new float[3 * imageSize * imageSize]),
                new long[] {1, 3, imageSize, imageSize}));
      }
      return run(texts, inputs, TEXT_EMBEDS, batch.size());
    } catch (OrtException e) {
      throw runError(e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** The texts' tokens, padded with id 0 to the graph's fixed sequence length when it has one. */
  private TokenBatch tokens(List<String> batch) {
    TokenBatch tokens = tokenizer.tokenize(batch);
    if (fixedLength <= 0 || tokens.length() == fixedLength) {
      return tokens;
    }
    int length = fixedLength;
    int keep = Math.min(length, tokens.length());
    long[] ids = new long[tokens.rows() * length];
    long[] mask = new long[ids.length];
    long[] types = new long[ids.length];
    for (int r = 0; r < tokens.rows(); r++) {
      System.arraycopy(tokens.ids(), r * tokens.length(), ids, r * length, keep);
      System.arraycopy(tokens.mask(), r * tokens.length(), mask, r * length, keep);
    }
    return new TokenBatch(tokens.rows(), length, ids, mask, types);
  }

  private void textInputs(OrtSession session, TokenBatch tokens, Map<String, OnnxTensor> inputs)
      throws OrtException {
    long[] shape = {tokens.rows(), tokens.length()};
    inputs.put(
        TextEmbedder.INPUT_IDS,
        OnnxTensor.createTensor(sessions.environment(), LongBuffer.wrap(tokens.ids()), shape));
    if (session.getInputInfo().containsKey(TextEmbedder.ATTENTION_MASK)) {
      inputs.put(
          TextEmbedder.ATTENTION_MASK,
          OnnxTensor.createTensor(sessions.environment(), LongBuffer.wrap(tokens.mask()), shape));
    }
  }

  private float[][] run(OrtSession session, Map<String, OnnxTensor> inputs, String output, int rows)
      throws OrtException {
    try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
      OnnxValue value = result.get(0);
      if (!(value instanceof OnnxTensor tensor)) {
        throw mismatch("output '" + output + "' is not a tensor");
      }
      long[] shape = tensor.getInfo().getShape();
      if (shape.length != 2 || shape[0] != rows || shape[1] != dimension) {
        throw mismatch("output '" + output + "' came back with shape " + Arrays.toString(shape));
      }
      FloatBuffer floats = tensor.getFloatBuffer();
      float[][] vectors = new float[rows][];
      for (int r = 0; r < rows; r++) {
        float[] vector = new float[dimension];
        floats.get(r * dimension, vector);
        vectors[r] = TextEmbedder.unit(vector);
      }
      return vectors;
    }
  }

  private SheafException runError(OrtException e) {
    return new SheafException(
        ErrorCode.MODEL_RUN_ERROR,
        "Cannot run model '" + name + "': " + ModelSessions.firstLine(e.getMessage()),
        e);
  }

  void close() {
    sessions.close(images);
    if (texts != images) {
      sessions.close(texts);
    }
    tokenizer.close();
  }
}
