package dev.sheaf.catalog.media;

import static dev.sheaf.spi.error.ErrorCode.MEDIA_FORMAT_ERROR;

import dev.sheaf.spi.error.SheafException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image's size, read from its header without decoding pixels: ImageIO's reader for JPEG, PNG,
 * GIF, BMP and TIFF (which stops after the header when asked for the size), and the RIFF chunk
 * header for WebP, which ImageIO cannot read.
 */
public record ImageHeader(String format, int width, int height) {
  /** Enough leading bytes for every header but JPEG files with large EXIF blocks. */
  public static final int HEAD_BYTES = 64 * 1024;

  /** Reads the header from the first bytes of an image. */
  public static ImageHeader read(String what, byte[] head) {
    MediaFormat format =
        MediaFormat.sniff(head).orElseThrow(() -> notAnImage(what, "its format is unknown"));
    if (format.name().equals("webp")) {
      return webp(what, head);
    }
    try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(head))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        throw notAnImage(what, "it is " + format.name() + ", not an image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, true, true);
        return new ImageHeader(format.name(), reader.getWidth(0), reader.getHeight(0));
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw notAnImage(what, "its header cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static ImageHeader webp(String what, byte[] b) {
    if (b.length < 30) {
      throw notAnImage(what, "its WebP header is cut short");
    }
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    return switch (chunk) {
      case "VP8 " -> new ImageHeader("webp", u16(b, 26) & 0x3FFF, u16(b, 28) & 0x3FFF);
      case "VP8L" -> {
        int bits =
            (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
        yield new ImageHeader("webp", (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
      }
      case "VP8X" -> new ImageHeader("webp", u24(b, 24) + 1, u24(b, 27) + 1);
      default -> throw notAnImage(what, "its WebP chunk '" + chunk + "' is unknown");
    };
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static int u24(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
  }

  private static SheafException notAnImage(String what, String reason) {
    return SheafException.of(
        MEDIA_FORMAT_ERROR,
        "Cannot read image %s: %s (give a JPEG, PNG, GIF, WebP, BMP or TIFF)",
        what,
        reason);
  }
}
