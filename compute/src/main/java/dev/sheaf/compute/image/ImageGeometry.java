package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/** Crops and quarter-turn rotations of pixels: exact copies, no resampling. */
public final class ImageGeometry {
  private ImageGeometry() {}

  /**
   * The {@code width} x {@code height} region whose top left corner is ({@code x}, {@code y}), as
   * Pillow's {@code crop} gives it: the part of the region past the image's right or bottom edge is
   * zero (black, and transparent where the image has alpha).
   */
  public static ImagePixels crop(ImagePixels source, int x, int y, int width, int height) {
    if (x < 0 || y < 0) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot crop an image at (%d, %d): the corner's coordinates must be 0 or more",
          x,
          y);
    }
    ImageLimits.checkOutput("crop", width, height);
    int channels = source.channels();
    byte[] out = new byte[width * height * channels];
    int copyWidth = Math.max(0, Math.min(width, source.width() - x));
    int copyHeight = Math.max(0, Math.min(height, source.height() - y));
    for (int row = 0; row < copyHeight; row++) {
      System.arraycopy(
          source.data(),
          ((y + row) * source.width() + x) * channels,
          out,
          row * width * channels,
          copyWidth * channels);
    }
    return new ImagePixels(width, height, source.mode(), out);
  }

  /** Refuses a rotation that is not a multiple of 90 degrees. */
  public static void checkQuarterTurns(int degrees) {
    if (degrees % 90 != 0) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot rotate an image by %d degrees: give a multiple of 90 (counter-clockwise)",
          degrees);
    }
  }

  /**
   * The image turned counter-clockwise by {@code degrees}, a multiple of 90 (negative: clockwise).
   */
  public static ImagePixels rotate(ImagePixels source, int degrees) {
    checkQuarterTurns(degrees);
    int turns = Math.floorMod(degrees / 90, 4);
    if (turns == 0) {
      return source;
    }
    int w = source.width();
    int h = source.height();
    int channels = source.channels();
    int outWidth = turns == 2 ? w : h;
    int outHeight = turns == 2 ? h : w;
    byte[] in = source.data();
    byte[] out = new byte[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // where source pixel (x, y) lands after the counter-clockwise turns
        int tx;
        int ty;
        switch (turns) {
          case 1 -> {
            tx = y;
            ty = w - 1 - x;
          }
          case 2 -> {
            tx = w - 1 - x;
            ty = h - 1 - y;
          }
          default -> {
            tx = h - 1 - y;
            ty = x;
          }
        }
        System.arraycopy(
            in, (y * w + x) * channels, out, (ty * outWidth + tx) * channels, channels);
      }
    }
    return new ImagePixels(outWidth, outHeight, source.mode(), out);
  }
}
