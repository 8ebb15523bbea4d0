package dev.sheaf.compute.image;

/**
 * Converts pixels between modes as Pillow's {@code convert} does: gray from RGB with ITU-R 601-2
 * luma ({@code L = R * 299/1000 + G * 587/1000 + B * 114/1000}, in Pillow's fixed point), gray to
 * RGB by copying the sample, alpha dropped when the target has none (not composited) and opaque
 * (255) when the source had none.
 */
public final class ImageConversion {
  private ImageConversion() {}

  public static ImagePixels convert(ImagePixels source, ImageMode target) {
    if (source.mode() == target) {
      return source;
    }
    ImageMode from = source.mode();
    int pixels = source.width() * source.height();
    int in = from.channels();
    int out = target.channels();
    byte[] data = source.data();
    byte[] result = new byte[pixels * out];
    for (int i = 0, s = 0, o = 0; i < pixels; i++, s += in, o += out) {
      int alpha = from.alpha() ? data[s + in - 1] : (byte) 255;
      if (target.gray()) {
        result[o] = from.gray() ? data[s] : luma(data[s], data[s + 1], data[s + 2]);
      } else if (from.gray()) {
        result[o] = data[s];
        result[o + 1] = data[s];
        result[o + 2] = data[s];
      } else {
        result[o] = data[s];
        result[o + 1] = data[s + 1];
        result[o + 2] = data[s + 2];
      }
      if (target.alpha()) {
        result[o + out - 1] = (byte) alpha;
      }
    }
    return new ImagePixels(source.width(), source.height(), target, result);
  }

  private static byte luma(byte r, byte g, byte b) {
    return (byte) (((r & 0xff) * 19595 + (g & 0xff) * 38470 + (b & 0xff) * 7471 + 0x8000) >> 16);
  }
}
