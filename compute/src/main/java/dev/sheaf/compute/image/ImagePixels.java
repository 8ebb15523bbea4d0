package dev.sheaf.compute.image;

import static java.util.Objects.requireNonNull;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * 8-bit pixels, row by row, channels interleaved: the form Sheaf's image functions work on. The
 * mode says the channels: L (gray), LA (gray and alpha), RGB, RGBA, as Pillow names them. The array
 * is owned by this value: operations make new ones.
 */
public record ImagePixels(int width, int height, ImageMode mode, byte[] data) {
  public ImagePixels {
    requireNonNull(mode, "mode is null");
    requireNonNull(data, "data is null");
    if (width < 1 || height < 1 || (long) width * height * mode.channels() != data.length) {
      throw new IllegalArgumentException(
          width + "x" + height + " " + mode + " pixels in " + data.length + " bytes");
    }
  }

  public int channels() {
    return mode.channels();
  }

  /** The sample of channel {@code c} at (x, y), 0 to 255. */
  public int sample(int x, int y, int c) {
    return data[(y * width + x) * mode.channels() + c] & 0xff;
  }

  /** The pixels of a decoded image, 8 bits per channel (16-bit samples keep their high byte). */
  public static ImagePixels of(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int pixels = width * height;
    switch (image.getType()) {
      case BufferedImage.TYPE_3BYTE_BGR -> {
        byte[] bgr = bytes(image);
        byte[] rgb = new byte[pixels * 3];
        for (int i = 0; i < rgb.length; i += 3) {
          rgb[i] = bgr[i + 2];
          rgb[i + 1] = bgr[i + 1];
          rgb[i + 2] = bgr[i];
        }
        return new ImagePixels(width, height, ImageMode.RGB, rgb);
      }
      case BufferedImage.TYPE_4BYTE_ABGR -> {
        byte[] abgr = bytes(image);
        byte[] rgba = new byte[pixels * 4];
        for (int i = 0; i < rgba.length; i += 4) {
          rgba[i] = abgr[i + 3];
          rgba[i + 1] = abgr[i + 2];
          rgba[i + 2] = abgr[i + 1];
          rgba[i + 3] = abgr[i];
        }
        return new ImagePixels(width, height, ImageMode.RGBA, rgba);
      }
      case BufferedImage.TYPE_BYTE_GRAY -> {
        return new ImagePixels(width, height, ImageMode.L, bytes(image).clone());
      }
      case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> {
        int[] packed = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        return fromPacked(width, height, packed, image.getType() == BufferedImage.TYPE_INT_ARGB);
      }
      default -> {
        return fromComponents(image);
      }
    }
  }

  private static byte[] bytes(BufferedImage image) {
    Raster raster = image.getRaster();
    byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
    if (data.length != image.getWidth() * image.getHeight() * raster.getNumBands()
        || raster.getParent() != null) {
      throw new IllegalStateException("a sub-image raster");
    }
    return data;
  }

  /** Gray or RGB samples of any depth read straight from the raster; anything else as sRGB. */
  private static ImagePixels fromComponents(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    var model = image.getColorModel();
    int spaceType = model.getColorSpace().getType();
    boolean component = model instanceof ComponentColorModel;
    if (component && (spaceType == ColorSpace.TYPE_GRAY || spaceType == ColorSpace.TYPE_RGB)) {
      Raster raster = image.getRaster();
      int bands = raster.getNumBands();
      ImageMode mode =
          spaceType == ColorSpace.TYPE_GRAY
              ? (model.hasAlpha() ? ImageMode.LA : ImageMode.L)
              : (model.hasAlpha() ? ImageMode.RGBA : ImageMode.RGB);
      if (bands == mode.channels()) {
        int shift = Math.max(0, model.getComponentSize(0) - 8);
        int[] row = new int[width * bands];
        byte[] out = new byte[width * height * bands];
        for (int y = 0; y < height; y++) {
          raster.getPixels(0, y, width, 1, row);
          for (int i = 0; i < row.length; i++) {
            out[y * row.length + i] = (byte) (row[i] >>> shift);
          }
        }
        return new ImagePixels(width, height, mode, out);
      }
    }
    int[] packed = image.getRGB(0, 0, width, height, null, 0, width);
    return fromPacked(width, height, packed, model.hasAlpha());
  }

  private static ImagePixels fromPacked(int width, int height, int[] packed, boolean alpha) {
    int channels = alpha ? 4 : 3;
    byte[] out = new byte[packed.length * channels];
    for (int i = 0, o = 0; i < packed.length; i++, o += channels) {
      int argb = packed[i];
      out[o] = (byte) (argb >>> 16);
      out[o + 1] = (byte) (argb >>> 8);
      out[o + 2] = (byte) argb;
      if (alpha) {
        out[o + 3] = (byte) (argb >>> 24);
      }
    }
    return new ImagePixels(width, height, alpha ? ImageMode.RGBA : ImageMode.RGB, out);
  }

  /** These pixels as an image ImageIO can encode (sharing this value's array). */
  public BufferedImage toImage() {
    int channels = mode.channels();
    ColorSpace space =
        ColorSpace.getInstance(mode.gray() ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
    ComponentColorModel model =
        new ComponentColorModel(
            space,
            mode.alpha(),
            false,
            mode.alpha() ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
    int[] offsets = new int[channels];
    for (int c = 0; c < channels; c++) {
      offsets[c] = c;
    }
    WritableRaster raster =
        Raster.createInterleavedRaster(
            new DataBufferByte(data, data.length),
            width,
            height,
            width * channels,
            channels,
            offsets,
            null);
    return new BufferedImage(model, raster, false, null);
  }
}
