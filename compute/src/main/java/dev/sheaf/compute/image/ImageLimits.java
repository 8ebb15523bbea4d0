package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/**
 * The sizes Sheaf's image functions make: every side 1 to {@link #MAX_SIDE} pixels and at most
 * {@link #MAX_PIXELS} pixels in an image, {@link #MAX_TENSOR_PIXELS} in a tensor (a float tensor
 * holds 12 bytes a pixel). A size out of range is the statement's error (INVALID_ARGUMENT), not a
 * cell's: it fails the same way on every row.
 */
public final class ImageLimits {
  public static final int MAX_SIDE = 16_384;
  public static final long MAX_PIXELS = 4096L * 4096;
  public static final long MAX_TENSOR_PIXELS = 2048L * 2048;

  private ImageLimits() {}

  static void checkOutput(String function, int width, int height) {
    check(function, width, height, MAX_PIXELS);
  }

  public static void checkTensor(int height, int width) {
    check("to_tensor", width, height, MAX_TENSOR_PIXELS);
  }

  private static void check(String function, int width, int height, long maxPixels) {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot %s an image to %dx%d pixels: give sides from 1 to %d",
          function,
          width,
          height,
          MAX_SIDE);
    }
    if ((long) width * height > maxPixels) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot %s an image to %dx%d pixels: that is more than the %d pixels it may make",
          function,
          width,
          height,
          maxPixels);
    }
  }
}
