package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;

/**
 * How Sheaf encodes the images it generates. PNG, lossless, is the default: a generated image is a
 * derived copy that later steps (embeddings, crops) read again, and a lossy encoding would
 * compound. JPEG only when a caller asks for it.
 */
public enum ImageEncoding {
  PNG("png", "image/png"),
  JPEG("jpeg", "image/jpeg");

  /** The quality of JPEG output, 0 to 1. */
  public static final float JPEG_QUALITY = 0.92f;

  private final String formatName;
  private final String contentType;

  ImageEncoding(String formatName, String contentType) {
    this.formatName = formatName;
    this.contentType = contentType;
  }

  /** The ImageIO format name. */
  public String formatName() {
    return formatName;
  }

  public String contentType() {
    return contentType;
  }

  public boolean lossless() {
    return this == PNG;
  }

  /** Parses "png", "jpeg" or "jpg", in any case. */
  public static ImageEncoding parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "png" -> PNG;
      case "jpeg", "jpg" -> JPEG;
      default ->
          throw SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Unknown image encoding '%s': use 'png' (lossless, the default) or 'jpeg'",
              name);
    };
  }
}
