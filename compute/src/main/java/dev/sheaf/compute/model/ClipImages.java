package dev.sheaf.compute.model;

import dev.sheaf.compute.image.BicubicResize;
import dev.sheaf.compute.image.ImageDecoder;
import java.awt.image.BufferedImage;

/**
 * CLIP's image preprocessing (OpenAI's {@code preprocess} and Hugging Face's CLIPImageProcessor):
 * decode, RGB (alpha dropped), resize so the shorter side is {@code size} with Pillow's bicubic
 * filter (the longer side truncated as torchvision's Resize does), center crop {@code size} x
 * {@code size}, scale to 0..1 and normalize with CLIP's mean and standard deviation; the result is
 * float CHW, {@code [3][size][size]} flattened.
 */
final class ClipImages {
  static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private ClipImages() {}

  /** The pixel values of an encoded image; MEDIA_FORMAT_ERROR when its bytes are no image. */
  static float[] pixelValues(String source, byte[] bytes, int size) {
    BufferedImage image = ImageDecoder.decode(source, bytes, size);
    return pixelValues(image, size);
  }

  static float[] pixelValues(BufferedImage image, int size) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
    float[][] planes = new float[3][width * height];
    for (int i = 0; i < argb.length; i++) {
      planes[0][i] = (argb[i] >> 16) & 0xff;
      planes[1][i] = (argb[i] >> 8) & 0xff;
      planes[2][i] = argb[i] & 0xff;
    }
    int newWidth;
    int newHeight;
    if (width <= height) {
      newWidth = size;
      newHeight = Math.max(size, (int) ((long) size * height / width));
    } else {
      newHeight = size;
      newWidth = Math.max(size, (int) ((long) size * width / height));
    }
    float[][] resized = BicubicResize.resize(planes, width, height, newWidth, newHeight);
    int top = (int) Math.rint((newHeight - size) / 2.0);
    int left = (int) Math.rint((newWidth - size) / 2.0);
    float[] chw = new float[3 * size * size];
    for (int c = 0; c < 3; c++) {
      float[] plane = resized[c];
      int base = c * size * size;
      for (int y = 0; y < size; y++) {
        int row = (top + y) * newWidth + left;
        for (int x = 0; x < size; x++) {
          chw[base + y * size + x] = (plane[row + x] / 255f - MEAN[c]) / STD[c];
        }
      }
    }
    return chw;
  }
}
