package dev.sheaf.compute.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Images as tensors: decoded, converted to RGB, resized to exactly h x w ({@link ImageResampler})
 * and laid out as {@link TensorLayout} says, as the raw little-endian bytes of the tensor's
 * elements (what an Arrow fixed-shape tensor cell holds).
 */
public final class ImageTensors {
  /** The normalized float of each 8-bit sample, per channel. */
  private static final float[][] NORMALIZED = new float[3][256];

  static {
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        NORMALIZED[c][v] = (v / 255f - TensorLayout.MEAN[c]) / TensorLayout.STD[c];
      }
    }
  }

  private ImageTensors() {}

  /**
   * @param source names the image in errors (a URI)
   */
  public static byte[] toTensor(
      String source, byte[] image, int height, int width, TensorLayout layout) {
    ImageLimits.checkTensor(height, width);
    ImagePixels pixels = ImageDecoder.pixels(source, image, Math.max(height, width));
    return toTensor(pixels, height, width, layout);
  }

  public static byte[] toTensor(ImagePixels pixels, int height, int width, TensorLayout layout) {
    ImageLimits.checkTensor(height, width);
    ImagePixels rgb =
        ImageResampler.resize(ImageConversion.convert(pixels, ImageMode.RGB), width, height);
    if (layout == TensorLayout.UINT8_HWC) {
      return rgb == pixels ? rgb.data().clone() : rgb.data();
    }
    int plane = width * height;
    byte[] out = new byte[plane * 3 * 4];
    FloatBuffer floats = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    byte[] data = rgb.data();
    for (int c = 0; c < 3; c++) {
      float[] table = NORMALIZED[c];
      for (int i = 0; i < plane; i++) {
        floats.put(c * plane + i, table[data[i * 3 + c] & 0xff]);
      }
    }
    return out;
  }
}
