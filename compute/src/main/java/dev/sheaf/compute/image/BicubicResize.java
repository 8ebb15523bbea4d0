package dev.sheaf.compute.image;

/**
 * Resizes 8-bit RGB planes with the bicubic filter as Pillow's {@code Image.resize(size, BICUBIC)}
 * does (what CLIP's preprocessing runs): Keys' cubic with a = -0.5, its support widened by the
 * scale when shrinking so every source pixel counts, the horizontal pass first, and each pass
 * rounded and clamped to 0..255 as Pillow's 8-bit passes are.
 */
public final class BicubicResize {
  private static final double SUPPORT = 2.0;
  private static final double A = -0.5;

  private BicubicResize() {}

  /**
   * Planes {@code [channel][y * width + x]} of values 0..255 resized to {@code newWidth} x {@code
   * newHeight}.
   */
  public static float[][] resize(
      float[][] planes, int width, int height, int newWidth, int newHeight) {
    float[][] horizontal = new float[planes.length][];
    for (int c = 0; c < planes.length; c++) {
      horizontal[c] =
          width == newWidth ? planes[c] : pass(planes[c], width, height, newWidth, true);
    }
    float[][] out = new float[planes.length][];
    for (int c = 0; c < planes.length; c++) {
      out[c] =
          height == newHeight
              ? horizontal[c]
              : pass(horizontal[c], newWidth, height, newHeight, false);
    }
    return out;
  }

  /** One pass along x ({@code alongX}) or y, from {@code in} samples per line to {@code out}. */
  private static float[] pass(float[] plane, int width, int height, int out, boolean alongX) {
    int in = alongX ? width : height;
    double scale = (double) in / out;
    double filterScale = Math.max(scale, 1.0);
    double support = SUPPORT * filterScale;
    int[] first = new int[out];
    double[][] weights = new double[out][];
    for (int o = 0; o < out; o++) {
      double center = (o + 0.5) * scale;
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), in);
      double[] w = new double[Math.max(max - min, 0)];
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        w[i] = cubic((i + min - center + 0.5) / filterScale);
        sum += w[i];
      }
      if (sum != 0) {
        for (int i = 0; i < w.length; i++) {
          w[i] /= sum;
        }
      }
      first[o] = min;
      weights[o] = w;
    }
    int lines = alongX ? height : width;
    float[] result = new float[alongX ? out * height : width * out];
    for (int line = 0; line < lines; line++) {
      for (int o = 0; o < out; o++) {
        double value = 0;
        double[] w = weights[o];
        for (int i = 0; i < w.length; i++) {
          int at = first[o] + i;
          value += w[i] * (alongX ? plane[line * width + at] : plane[at * width + line]);
        }
        float rounded = (float) Math.min(255, Math.max(0, Math.round(value)));
        if (alongX) {
          result[line * out + o] = rounded;
        } else {
          result[o * width + line] = rounded;
        }
      }
    }
    return result;
  }

  private static double cubic(double x) {
    x = Math.abs(x);
    if (x < 1) {
      return ((A + 2) * x - (A + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0;
  }
}
