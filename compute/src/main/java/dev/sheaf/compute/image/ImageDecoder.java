package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image bytes (JPEG, PNG, GIF, BMP: what ImageIO reads) into pixels, refusing images whose
 * header declares more pixels than {@link #MAX_PIXELS} before any pixel is decoded, so a
 * decompression bomb costs a header read. Images up to {@link #FULL_DECODE_PIXELS} decode whole, so
 * a scaler can average every pixel; larger ones (up to {@link #MAX_PIXELS}) decode with ImageIO
 * subsampling, skipping source pixels to stay within that budget, as long as the output still has
 * at least twice the pixels asked for per side. Skipping pixels can alias fine patterns, which is
 * why it is kept for images too large to hold.
 */
public final class ImageDecoder {
  /** The most pixels an image may declare: 16k x 8k. */
  public static final long MAX_PIXELS = 128L * 1024 * 1024;

  /** Images up to this many pixels (about 160 MB decoded) are decoded without skipping pixels. */
  public static final long FULL_DECODE_PIXELS = 40L * 1000 * 1000;

  private ImageDecoder() {}

  /** Every how many source pixels one is decoded: 1 unless the image exceeds the budget. */
  static int subsampling(int width, int height, int minSide) {
    long pixels = (long) width * height;
    if (minSide <= 0 || pixels <= FULL_DECODE_PIXELS) {
      return 1;
    }
    int toBudget = (int) Math.ceil(Math.sqrt((double) pixels / FULL_DECODE_PIXELS));
    int toOutput = Math.max(1, Math.max(width, height) / (2 * minSide));
    return Math.min(toBudget, toOutput);
  }

  /**
   * The image's mode as Pillow names it, from its header (no pixel is decoded): 'L' (gray), 'LA',
   * 'RGB', 'RGBA', 'P' (a palette), '1' (one bit a pixel), 'I;16' (16-bit gray), 'CMYK'.
   *
   * @param source names the image in errors (a URI)
   */
  public static String mode(String source, byte[] bytes) {
    return read(
        source,
        bytes,
        reader -> {
          ImageTypeSpecifier type = reader.getRawImageType(0);
          if (type == null) {
            type = reader.getImageTypes(0).next();
          }
          return modeOf(type.getColorModel());
        });
  }

  /**
   * The image's width and height from its header (no pixel is decoded).
   *
   * @param source names the image in errors (a URI)
   */
  public static int[] size(String source, byte[] bytes) {
    return read(source, bytes, reader -> new int[] {reader.getWidth(0), reader.getHeight(0)});
  }

  static String modeOf(ColorModel model) {
    if (model instanceof IndexColorModel index) {
      return index.getPixelSize() == 1 && index.getMapSize() == 2 ? "1" : "P";
    }
    int space = model.getColorSpace().getType();
    if (space == ColorSpace.TYPE_CMYK) {
      return "CMYK";
    }
    if (space == ColorSpace.TYPE_GRAY) {
      if (model.hasAlpha()) {
        return "LA";
      }
      return model.getComponentSize(0) > 8 ? "I;16" : "L";
    }
    return model.hasAlpha() ? "RGBA" : "RGB";
  }

  /**
   * @param source names the image in errors (a URI)
   * @param minSide the output's longer side will be at least this; 0 decodes every pixel
   */
  public static BufferedImage decode(String source, byte[] bytes, int minSide) {
    return read(source, bytes, reader -> reader.read(0, budgeted(source, reader, minSide)));
  }

  /**
   * The image's 8-bit pixels ({@link ImagePixels}), with the same pixel budget as {@link #decode}.
   * JPEGs decode as libjpeg and Pillow decode them (no color management: {@link JpegPixels}).
   *
   * @param source names the image in errors (a URI)
   * @param minSide the output's longer side will be at least this; 0 decodes every pixel
   */
  public static ImagePixels pixels(String source, byte[] bytes, int minSide) {
    JpegPixels.Markers markers = JpegPixels.markers(bytes);
    if (markers != null) {
      try {
        return JpegPixels.read(bytes, markers, reader -> budgeted(source, reader, minSide));
      } catch (IOException | RuntimeException e) {
        throw failure(source, e);
      }
    }
    return read(
        source, bytes, reader -> ImagePixels.of(reader.read(0, budgeted(source, reader, minSide))));
  }

  /** Checks an image's declared size and gives the parameters that keep it within the budget. */
  interface Budget {
    ImageReadParam parameters(ImageReader reader) throws IOException;
  }

  private static ImageReadParam budgeted(String source, ImageReader reader, int minSide)
      throws IOException {
    int width = reader.getWidth(0);
    int height = reader.getHeight(0);
    if ((long) width * height > MAX_PIXELS) {
      throw SheafException.of(
          ErrorCode.MEDIA_FORMAT_ERROR,
          "Cannot decode image %s: it declares %dx%d pixels, more than the %d Sheaf decodes",
          source,
          width,
          height,
          MAX_PIXELS);
    }
    ImageReadParam param = reader.getDefaultReadParam();
    int step = subsampling(width, height, minSide);
    if (step > 1) {
      param.setSourceSubsampling(step, step, 0, 0);
    }
    return param;
  }

  private interface ReaderStep<T> {
    T apply(ImageReader reader) throws IOException;
  }

  private static <T> T read(String source, byte[] bytes, ReaderStep<T> step) {
    try (ImageInputStream input =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        throw SheafException.of(
            ErrorCode.MEDIA_FORMAT_ERROR,
            "Cannot decode image %s: its bytes are not a JPEG, PNG, GIF or BMP image",
            source);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, true, true);
        return step.apply(reader);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw failure(source, e);
    }
  }

  private static SheafException failure(String source, Exception e) {
    if (e instanceof SheafException sheaf) {
      return sheaf;
    }
    return new SheafException(
        ErrorCode.MEDIA_FORMAT_ERROR,
        "Cannot decode image " + source + ": " + e.getMessage() + " (is the file complete?)",
        e);
  }
}
