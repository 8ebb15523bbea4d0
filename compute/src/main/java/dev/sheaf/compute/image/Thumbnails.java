package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.image.BufferedImage;

/**
 * Thumbnails: an image scaled down to fit a square of {@code maxSide} pixels, aspect ratio kept,
 * never enlarged, encoded as PNG unless JPEG is asked for.
 */
public final class Thumbnails {
  /** The largest thumbnail side Sheaf makes. */
  public static final int MAX_SIDE = 4096;

  private Thumbnails() {}

  /**
   * @param source names the image in errors (a URI)
   */
  public static byte[] thumbnail(String source, byte[] image, int maxSide, ImageEncoding encoding) {
    if (maxSide < 1 || maxSide > MAX_SIDE) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot make a thumbnail %d pixels wide: give a size from 1 to %d",
          maxSide,
          MAX_SIDE);
    }
    BufferedImage pixels = ImageDecoder.decode(source, image, maxSide);
    return ImageEncoder.encode(ImageScaler.scaleToFit(pixels, maxSide), encoding);
  }
}
