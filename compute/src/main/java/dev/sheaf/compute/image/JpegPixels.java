package dev.sheaf.compute.image;

import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

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

  /** Whether this reader reads a JPEG this class decodes (1 or 3 components). */
  static boolean handles(ImageReader reader) throws IOException {
    if (!"jpeg".equalsIgnoreCase(reader.getFormatName())) {
      return false;
    }
    int components = components(reader.getImageMetadata(0));
    return components == 1 || components == 3;
  }

  static ImagePixels read(ImageReader reader, ImageReadParam param) throws IOException {
    IIOMetadata metadata = reader.getImageMetadata(0);
    Raster raster = reader.readRaster(0, param);
    int width = raster.getWidth();
    int height = raster.getHeight();
    int bands = raster.getNumBands();
    byte[] samples = samples(raster);
    if (bands == 1) {
      return new ImagePixels(width, height, ImageMode.L, samples);
    }
    if (!isYcbcr(metadata)) {
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

  private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

  private static int components(IIOMetadata metadata) {
    Node sof = find(metadata.getAsTree(FORMAT), "sof");
    return sof == null ? 0 : sof.getChildNodes().getLength();
  }

  /**
   * libjpeg's rule: a JFIF marker means YCbCr; an Adobe marker says by its transform (0: RGB);
   * otherwise components named 'R', 'G', 'B' mean RGB, anything else YCbCr.
   */
  private static boolean isYcbcr(IIOMetadata metadata) {
    Node tree = metadata.getAsTree(FORMAT);
    if (find(tree, "app0JFIF") != null) {
      return true;
    }
    Node adobe = find(tree, "app14Adobe");
    if (adobe != null) {
      Node transform = adobe.getAttributes().getNamedItem("transform");
      return transform == null || !"0".equals(transform.getNodeValue());
    }
    Node sof = find(tree, "sof");
    if (sof != null && sof.getChildNodes().getLength() == 3) {
      StringBuilder ids = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        NamedNodeMap spec = sof.getChildNodes().item(i).getAttributes();
        Node id = spec == null ? null : spec.getNamedItem("componentId");
        ids.append(id == null ? '?' : (char) Integer.parseInt(id.getNodeValue()));
      }
      return !ids.toString().equals("RGB");
    }
    return true;
  }

  private static Node find(Node node, String name) {
    if (name.equals(node.getNodeName())) {
      return node;
    }
    for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
      Node found = find(child, name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
