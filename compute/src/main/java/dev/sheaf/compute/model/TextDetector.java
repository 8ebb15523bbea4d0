package dev.sheaf.compute.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PaddleOCR's text detection (DB, differentiable binarization) on ONNX Runtime: the image scaled so
 * its longer side is at most {@link #MAX_SIDE} and each side a multiple of 32, BGR normalized with
 * ImageNet's mean and std; the graph gives each pixel's probability of being text; the map is
 * thresholded at {@link #THRESHOLD}, its 8-connected components become boxes kept when their mean
 * probability reaches {@link #BOX_THRESHOLD}, and each box grows by DB's unclip distance (area x
 * 1.5 / perimeter) and is scaled back to the image. Boxes are axis-aligned: rotated text is not
 * read.
 */
final class TextDetector {
  static final int MAX_SIDE = 960;
  static final float THRESHOLD = 0.3f;
  static final float BOX_THRESHOLD = 0.6f;
  static final double UNCLIP_RATIO = 1.5;
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  private final OrtSession session;
  private final ModelSessions sessions;
  private final String input;

  TextDetector(OrtSession session, ModelSessions sessions) {
    this.session = session;
    this.sessions = sessions;
    this.input = session.getInputNames().iterator().next();
  }

  /** A box in image pixels: left, top, width, height. */
  record Box(int x, int y, int width, int height) {}

  List<Box> detect(BufferedImage image) throws OrtException {
    int width = image.getWidth();
    int height = image.getHeight();
    double ratio = Math.min(1.0, (double) MAX_SIDE / Math.max(width, height));
    int w = Math.max(32, (int) Math.round(width * ratio / 32) * 32);
    int h = Math.max(32, (int) Math.round(height * ratio / 32) * 32);
    BufferedImage scaled = scaled(image, w, h);
    float[] chw = new float[3 * w * h];
    int[] rgb = scaled.getRGB(0, 0, w, h, null, 0, w);
    int plane = w * h;
    for (int i = 0; i < plane; i++) {
      // BGR, as PaddleOCR reads images with OpenCV
      for (int c = 0; c < 3; c++) {
        int value = (rgb[i] >> (8 * c)) & 0xff;
        chw[c * plane + i] = (value / 255f - MEAN[c]) / STD[c];
      }
    }
    float[] probabilities = new float[plane];
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(
                sessions.environment(), FloatBuffer.wrap(chw), new long[] {1, 3, h, w});
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      FloatBuffer map = ((OnnxTensor) result.get(0)).getFloatBuffer();
      map.get(probabilities);
    }
    return boxes(probabilities, w, h, (double) width / w, (double) height / h, width, height);
  }

  static BufferedImage scaled(BufferedImage image, int width, int height) {
    BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = target.createGraphics();
    try {
      graphics.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      graphics.drawImage(image, 0, 0, width, height, java.awt.Color.WHITE, null);
    } finally {
      graphics.dispose();
    }
    return target;
  }

  /** The boxes of the map's text regions, in the source image's pixels. */
  static List<Box> boxes(
      float[] map, int w, int h, double scaleX, double scaleY, int width, int height) {
    int[] label = new int[w * h];
    int[] stack = new int[w * h];
    List<Box> boxes = new ArrayList<>();
    int next = 0;
    for (int start = 0; start < map.length; start++) {
      if (map[start] <= THRESHOLD || label[start] != 0) {
        continue;
      }
      next++;
      int top = 0;
      stack[top++] = start;
      label[start] = next;
      int minX = w;
      int minY = h;
      int maxX = -1;
      int maxY = -1;
      double sum = 0;
      int count = 0;
      while (top > 0) {
        int at = stack[--top];
        int x = at % w;
        int y = at / w;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        sum += map[at];
        count++;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
              int n = ny * w + nx;
              if (label[n] == 0 && map[n] > THRESHOLD) {
                label[n] = next;
                stack[top++] = n;
              }
            }
          }
        }
      }
      int bw = maxX - minX + 1;
      int bh = maxY - minY + 1;
      if (Math.min(bw, bh) < 3 || sum / count < BOX_THRESHOLD) {
        continue;
      }
      double grow = bw * (double) bh * UNCLIP_RATIO / (2.0 * (bw + bh));
      double left = Math.max(0, (minX - grow) * scaleX);
      double upper = Math.max(0, (minY - grow) * scaleY);
      double right = Math.min(width, (maxX + 1 + grow) * scaleX);
      double lower = Math.min(height, (maxY + 1 + grow) * scaleY);
      int x = (int) Math.floor(left);
      int y = (int) Math.floor(upper);
      int bx = (int) Math.ceil(right) - x;
      int by = (int) Math.ceil(lower) - y;
      if (bx >= 2 && by >= 2) {
        boxes.add(new Box(x, y, bx, by));
      }
    }
    return boxes;
  }
}
