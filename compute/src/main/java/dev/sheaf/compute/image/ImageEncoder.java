package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes pixels as PNG (lossless, keeps transparency) or JPEG at {@link
 * ImageEncoding#JPEG_QUALITY} (transparent pixels are laid on white: JPEG has no alpha). The same
 * pixels always give the same bytes, so a recomputed image has the same ETag.
 */
public final class ImageEncoder {
  private ImageEncoder() {}

  public static byte[] encode(BufferedImage image, ImageEncoding encoding) {
    return encode(image, encoding, ImageEncoding.JPEG_QUALITY);
  }

  /**
   * @param quality JPEG's quality, 0 to 1 (ignored for PNG)
   */
  public static byte[] encode(BufferedImage image, ImageEncoding encoding, float quality) {
    BufferedImage pixels = encoding == ImageEncoding.JPEG ? opaque(image) : image;
    ImageWriter writer = ImageIO.getImageWritersByFormatName(encoding.formatName()).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(output);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (encoding == ImageEncoding.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(pixels, null, null), param);
    } catch (IOException e) {
      throw new SheafException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot encode an image as " + encoding + ": " + e.getMessage(),
          e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static BufferedImage opaque(BufferedImage image) {
    if (!image.getColorModel().hasAlpha()) {
      return image;
    }
    BufferedImage flat =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = flat.createGraphics();
    try {
      graphics.setColor(Color.WHITE);
      graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
      graphics.drawImage(image, 0, 0, null);
    } finally {
      graphics.dispose();
    }
    return flat;
  }
}
