package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/**
 * The image functions SQL calls, bytes in and bytes out: each decodes an encoded image (JPEG, PNG,
 * GIF, BMP), works on its 8-bit pixels ({@link ImagePixels}) and encodes the result as lossless PNG
 * (so a chain of them, {@code resize(crop(img, ...), ...)}, loses nothing between steps), except
 * {@link #encode}, which encodes as asked. Bytes that are not an image are MEDIA_FORMAT_ERROR (a
 * cell's error); arguments out of range are INVALID_ARGUMENT (the statement's).
 */
public final class ImageFunctions {
  private ImageFunctions() {}

  /** The mode from the header: see {@link ImageDecoder#mode}. */
  public static String mode(String source, byte[] image) {
    return ImageDecoder.mode(source, image);
  }

  /** The image resized to exactly {@code width} x {@code height} (bilinear, antialiased). */
  public static byte[] resize(String source, byte[] image, int width, int height) {
    ImageLimits.checkOutput("resize", width, height);
    ImagePixels pixels = decode(source, image, Math.max(width, height));
    return png(ImageResampler.resize(pixels, width, height));
  }

  /** The region at (x, y) of width x height; see {@link ImageGeometry#crop}. */
  public static byte[] crop(String source, byte[] image, int x, int y, int width, int height) {
    ImageLimits.checkOutput("crop", width, height);
    return png(ImageGeometry.crop(decode(source, image, 0), x, y, width, height));
  }

  /** The image turned counter-clockwise by a multiple of 90 degrees. */
  public static byte[] rotate(String source, byte[] image, int degrees) {
    ImageGeometry.checkQuarterTurns(degrees);
    return png(ImageGeometry.rotate(decode(source, image, 0), degrees));
  }

  /** The image in another mode ('RGB', 'RGBA', 'L', 'LA'); see {@link ImageConversion}. */
  public static byte[] convert(String source, byte[] image, String mode) {
    ImageMode target = ImageMode.parse(mode);
    return png(ImageConversion.convert(decode(source, image, 0), target));
  }

  /**
   * The image encoded as PNG or JPEG.
   *
   * @param quality JPEG quality from 1 to 100 (Pillow's scale); ignored for PNG
   */
  public static byte[] encode(String source, byte[] image, String encoding, int quality) {
    ImageEncoding chosen = ImageEncoding.parse(encoding);
    if (quality < 1 || quality > 100) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot encode an image at quality %d: give 1 to 100 (JPEG; 92 by default)",
          quality);
    }
    ImagePixels pixels = decode(source, image, 0);
    return ImageEncoder.encode(pixels.toImage(), chosen, quality / 100f);
  }

  /** The JPEG quality {@link #encode} uses when none is given, on Pillow's 1 to 100 scale. */
  public static int defaultQuality() {
    return Math.round(ImageEncoding.JPEG_QUALITY * 100);
  }

  static ImagePixels decode(String source, byte[] image, int minSide) {
    ImagePixels pixels = ImageDecoder.pixels(source, image, minSide);
    if ((long) pixels.width() * pixels.height() > ImageLimits.MAX_PIXELS && minSide == 0) {
      throw SheafException.of(
          ErrorCode.MEDIA_FORMAT_ERROR,
          "Cannot transform image %s: it has %dx%d pixels, more than the %d Sheaf transforms"
              + " whole (resize or thumbnail it first)",
          source,
          pixels.width(),
          pixels.height(),
          ImageLimits.MAX_PIXELS);
    }
    return pixels;
  }

  private static byte[] png(ImagePixels pixels) {
    return ImageEncoder.encode(pixels.toImage(), ImageEncoding.PNG);
  }
}
