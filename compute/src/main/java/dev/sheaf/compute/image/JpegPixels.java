package dev.sheaf.compute.image;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A JPEG's pixels as Pillow and libjpeg give them: the decoder's raw samples ({@code readRaster}),
 * YCbCr turned into RGB with libjpeg's fixed-point JFIF arithmetic, and no color management.
 * ImageIO's {@code read} converts images with an embedded ICC profile (Adobe RGB, say) to sRGB, so
 * its samples differ from what PIL, torchvision and OpenCV hand a model by tens of levels; reading
 * the raster also skips that conversion's cost. Only 1-band (gray) and 3-band (YCbCr or RGB) JPEGs
 * come here; others (CMYK) decode through {@code read}.
 */
final class JpegPixels {
  private static final int SCALE_BITS = 16;
  private static final int HALF = 1 << (SCALE_BITS - 1);
  private static final int[] CR_R = new int[256];
  private static final int[] CB_B = new int[256];
  private static final int[] CR_G = new int[256];
  private static final int[] CB_G = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int x = i - 128;
      CR_R[i] = (fix(1.40200) * x + HALF) >> SCALE_BITS;
      CB_B[i] = (fix(1.77200) * x + HALF) >> SCALE_BITS;
      CR_G[i] = -fix(0.71414) * x;
      CB_G[i] = -fix(0.34414) * x + HALF;
    }
  }

  private JpegPixels() {}

  private static int fix(double value) {
    return (int) (value * (1 << SCALE_BITS) + 0.5);
  }

  /** One ImageIO JPEG reader per thread, reused for every image (finding one costs a lookup). */
  private static final ThreadLocal<ImageReader> READERS =
      ThreadLocal.withInitial(() -> ImageIO.getImageReadersByFormatName("jpeg").next());

  /** What a JPEG's markers say about its samples. */
  record Markers(int components, boolean ycbcr) {}

  /**
   * Reads the markers before the first scan: the frame's components and whether they are YCbCr
   * (libjpeg's rule: a JFIF marker means YCbCr; an Adobe marker says by its transform, 0 being RGB;
   * otherwise components named 'R', 'G', 'B' mean RGB, anything else YCbCr). Null when the bytes
   * are not a JPEG this class reads.
   */
  static Markers markers(byte[] bytes) {
    if (bytes.length < 4 || (bytes[0] & 0xff) != 0xFF || (bytes[1] & 0xff) != 0xD8) {
      return null;
    }
    boolean jfif = false;
    int adobeTransform = -1;
    int components = 0;
    String ids = "";
    int at = 2;
    while (at + 4 <= bytes.length) {
      if ((bytes[at] & 0xff) != 0xFF) {
        return null;
      }
      int marker = bytes[at + 1] & 0xff;
      if (marker == 0xFF) {
        at++;
        continue;
      }
      int length = ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
      int payload = at + 4;
      if (length < 2 || payload + length - 2 > bytes.length) {
        return null;
      }
      if (marker == 0xE0 && length >= 7 && ascii(bytes, payload, "JFIF")) {
        jfif = true;
      } else if (marker == 0xEE && length >= 14 && ascii(bytes, payload, "Adobe")) {
        adobeTransform = bytes[payload + 11] & 0xff;
      } else if (isFrame(marker) && length >= 8) {
        components = bytes[payload + 5] & 0xff;
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < components && payload + 6 + 3 * i < bytes.length; i++) {
          names.append((char) (bytes[payload + 6 + 3 * i] & 0xff));
        }
        ids = names.toString();
      } else if (marker == 0xDA) {
        break;
      }
      at = payload + length - 2;
    }
    if (components != 1 && components != 3) {
      return null;
    }
    boolean ycbcr =
        components == 3
            && (jfif || (adobeTransform >= 0 ? adobeTransform != 0 : !ids.equals("RGB")));
    return new Markers(components, ycbcr);
  }

  private static boolean isFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean ascii(byte[] bytes, int at, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (bytes[at + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes a JPEG whose {@link #markers} were read, with this thread's reader.
   *
   * @param budget checks the declared size and gives the read parameters (subsampling)
   */
  static ImagePixels read(byte[] bytes, Markers markers, ImageDecoder.Budget budget)
      throws IOException {
    ImageReader reader = READERS.get();
    try (ImageInputStream input =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(input, true, true);
      ImageReadParam param = budget.parameters(reader);
      Raster raster = reader.readRaster(0, param);
      return pixels(raster, markers);
    } finally {
      reader.reset();
    }
  }

  private static ImagePixels pixels(Raster raster, Markers markers) {
    int width = raster.getWidth();
    int height = raster.getHeight();
    int bands = raster.getNumBands();
    byte[] samples = samples(raster);
    if (bands == 1) {
      return new ImagePixels(width, height, ImageMode.L, samples);
    }
    if (!markers.ycbcr()) {
      return new ImagePixels(width, height, ImageMode.RGB, samples);
    }
    for (int i = 0; i < samples.length; i += 3) {
      int y = samples[i] & 0xff;
      int cb = samples[i + 1] & 0xff;
      int cr = samples[i + 2] & 0xff;
      samples[i] = clamp(y + CR_R[cr]);
      samples[i + 1] = clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALE_BITS));
      samples[i + 2] = clamp(y + CB_B[cb]);
    }
    return new ImagePixels(width, height, ImageMode.RGB, samples);
  }

  private static byte clamp(int value) {
    return (byte) (value < 0 ? 0 : Math.min(value, 255));
  }

  /** The raster's samples, interleaved, in a new array this class may overwrite. */
  private static byte[] samples(Raster raster) {
    int bands = raster.getNumBands();
    int width = raster.getWidth();
    int height = raster.getHeight();
    if (raster.getSampleModel() instanceof PixelInterleavedSampleModel model
        && raster.getDataBuffer() instanceof DataBufferByte buffer
        && model.getPixelStride() == bands
        && model.getScanlineStride() == width * bands
        && inOrder(model.getBandOffsets())
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && buffer.getNumBanks() == 1
        && buffer.getOffset() == 0
        && buffer.getData().length == width * height * bands) {
      return buffer.getData();
    }
    int[] row = new int[width * bands];
    byte[] out = new byte[width * height * bands];
    for (int y = 0; y < height; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
      for (int i = 0; i < row.length; i++) {
        out[y * row.length + i] = (byte) row[i];
      }
    }
    return out;
  }

  private static boolean inOrder(int[] offsets) {
    for (int i = 0; i < offsets.length; i++) {
      if (offsets[i] != i) {
        return false;
      }
    }
    return true;
  }
}
