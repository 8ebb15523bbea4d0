package dev.sheaf.compute.image;

/**
 * Resizes pixels to an exact size with a bilinear (triangle) filter whose support widens with the
 * scale when shrinking, so every output pixel averages all the source pixels under it: the
 * separable convolution Pillow's {@code Image.resize(size, BILINEAR)} runs (horizontal pass, then
 * vertical, 8-bit intermediate, 22-bit fixed-point weights), so Sheaf's pixels match Pillow's to a
 * unit of rounding. Channels are filtered independently (alpha is not premultiplied, unlike
 * Pillow's RGBA path, so edges of transparent regions differ slightly).
 */
public final class ImageResampler {
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private ImageResampler() {}

  public static ImagePixels resize(ImagePixels source, int width, int height) {
    ImageLimits.checkOutput("resize", width, height);
    ImagePixels current = source;
    if (width != source.width()) {
      current = horizontal(current, width);
    }
    if (height != source.height()) {
      current = vertical(current, height);
    }
    return current == source ? source : current;
  }

  /**
   * The weights of one axis: for output i, taps from {@code bounds[2i]}, {@code bounds[2i+1]} long.
   */
  private record Coefficients(int taps, int[] bounds, int[] weights) {}

  private static Coefficients coefficients(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale; // bilinear support 1.0, widened when shrinking
    int taps = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] weights = new int[outSize * taps];
    double[] k = new double[taps];
    for (int out = 0; out < outSize; out++) {
      double center = (out + 0.5) * scale;
      int min = Math.max(0, (int) (center - support + 0.5));
      int max = Math.min(inSize, (int) (center + support + 0.5)) - min;
      double sum = 0;
      for (int x = 0; x < max; x++) {
        double t = Math.abs((x + min - center + 0.5) / filterScale);
        k[x] = t < 1.0 ? 1.0 - t : 0.0;
        sum += k[x];
      }
      for (int x = 0; x < max; x++) {
        double w = sum != 0 ? k[x] / sum : 0;
        weights[out * taps + x] = (int) (w * (1 << PRECISION_BITS) + (w < 0 ? -0.5 : 0.5));
      }
      bounds[out * 2] = min;
      bounds[out * 2 + 1] = max;
    }
    return new Coefficients(taps, bounds, weights);
  }

  private static byte clip(int value) {
    int shifted = value >> PRECISION_BITS;
    return (byte) (shifted < 0 ? 0 : Math.min(shifted, 255));
  }

  private static ImagePixels horizontal(ImagePixels source, int width) {
    Coefficients c = coefficients(source.width(), width);
    int channels = source.channels();
    int height = source.height();
    byte[] in = source.data();
    byte[] out = new byte[width * height * channels];
    int inStride = source.width() * channels;
    int half = 1 << (PRECISION_BITS - 1);
    int[] weights = c.weights;
    int[] bounds = c.bounds;
    for (int y = 0; y < height; y++) {
      int row = y * inStride;
      int o = y * width * channels;
      for (int x = 0; x < width; x++) {
        int min = bounds[x * 2];
        int taps = bounds[x * 2 + 1];
        int w0 = x * c.taps;
        if (channels == 3) {
          int r = half;
          int g = half;
          int b = half;
          int p = row + min * 3;
          for (int t = 0; t < taps; t++, p += 3) {
            int weight = weights[w0 + t];
            r += (in[p] & 0xff) * weight;
            g += (in[p + 1] & 0xff) * weight;
            b += (in[p + 2] & 0xff) * weight;
          }
          out[o] = clip(r);
          out[o + 1] = clip(g);
          out[o + 2] = clip(b);
          o += 3;
          continue;
        }
        for (int ch = 0; ch < channels; ch++) {
          int sum = half;
          int p = row + min * channels + ch;
          for (int t = 0; t < taps; t++, p += channels) {
            sum += (in[p] & 0xff) * weights[w0 + t];
          }
          out[o++] = clip(sum);
        }
      }
    }
    return new ImagePixels(width, height, source.mode(), out);
  }

  private static ImagePixels vertical(ImagePixels source, int height) {
    Coefficients c = coefficients(source.height(), height);
    int channels = source.channels();
    int stride = source.width() * channels;
    byte[] in = source.data();
    byte[] out = new byte[stride * height];
    int half = 1 << (PRECISION_BITS - 1);
    int[] sums = new int[stride];
    for (int y = 0; y < height; y++) {
      int min = c.bounds[y * 2];
      int taps = c.bounds[y * 2 + 1];
      int w0 = y * c.taps;
      java.util.Arrays.fill(sums, half);
      for (int t = 0; t < taps; t++) {
        int weight = c.weights[w0 + t];
        int row = (min + t) * stride;
        for (int i = 0; i < stride; i++) {
          sums[i] += (in[row + i] & 0xff) * weight;
        }
      }
      int o = y * stride;
      for (int i = 0; i < stride; i++) {
        out[o + i] = clip(sums[i]);
      }
    }
    return new ImagePixels(source.width(), height, source.mode(), out);
  }
}
