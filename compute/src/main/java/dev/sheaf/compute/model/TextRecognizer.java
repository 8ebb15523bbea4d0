package dev.sheaf.compute.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * PaddleOCR's text recognition (CRNN/SVTR with CTC) on ONNX Runtime: a box of text scaled to a
 * height of {@link #HEIGHT} pixels keeping its aspect ratio, BGR normalized to -1..1, padded with 0
 * to at least {@link #MIN_WIDTH}; the graph gives per step the probabilities of blank (class 0),
 * the dictionary's characters (classes 1..n) and a space (class n + 1). Greedy CTC decoding takes
 * each step's most likely class, merges repeats and drops blanks.
 */
final class TextRecognizer {
  static final int HEIGHT = 48;
  static final int MIN_WIDTH = 320;
  static final int MAX_WIDTH = 3200;

  private final OrtSession session;
  private final ModelSessions sessions;
  private final String input;
  private final List<String> characters;

  TextRecognizer(OrtSession session, ModelSessions sessions, List<String> characters) {
    this.session = session;
    this.sessions = sessions;
    this.input = session.getInputNames().iterator().next();
    this.characters = List.copyOf(characters);
  }

  /** The text read and its confidence (the mean probability of the characters kept). */
  record Line(String text, double confidence) {}

  Line read(BufferedImage crop) throws OrtException {
    int width =
        Math.clamp(
            (long) Math.ceil(HEIGHT * (double) crop.getWidth() / crop.getHeight()), 1, MAX_WIDTH);
    int padded = Math.max(width, MIN_WIDTH);
    BufferedImage scaled = TextDetector.scaled(crop, width, HEIGHT);
    int[] rgb = scaled.getRGB(0, 0, width, HEIGHT, null, 0, width);
    int plane = padded * HEIGHT;
    float[] chw = new float[3 * plane];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < width; x++) {
        int pixel = rgb[y * width + x];
        for (int c = 0; c < 3; c++) {
          int value = (pixel >> (8 * c)) & 0xff;
          chw[c * plane + y * padded + x] = (value / 255f - 0.5f) / 0.5f;
        }
      }
    }
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(
                sessions.environment(), FloatBuffer.wrap(chw), new long[] {1, 3, HEIGHT, padded});
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      OnnxTensor output = (OnnxTensor) result.get(0);
      long[] shape = output.getInfo().getShape();
      return decode(output.getFloatBuffer(), (int) shape[1], (int) shape[2]);
    }
  }

  Line decode(FloatBuffer probabilities, int steps, int classes) {
    StringBuilder text = new StringBuilder();
    double confidence = 0;
    int kept = 0;
    int previous = -1;
    float[] row = new float[classes];
    for (int t = 0; t < steps; t++) {
      probabilities.get(t * classes, row);
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (row[c] > row[best]) {
          best = c;
        }
      }
      if (best != 0 && best != previous) {
        text.append(best <= characters.size() ? characters.get(best - 1) : " ");
        confidence += row[best];
        kept++;
      }
      previous = best;
    }
    return new Line(text.toString().strip(), kept == 0 ? 0 : confidence / kept);
  }
}
