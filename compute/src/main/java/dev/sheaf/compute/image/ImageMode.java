package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;

/** The channels of {@link ImagePixels}, named as Pillow names its modes. */
public enum ImageMode {
  L(1),
  LA(2),
  RGB(3),
  RGBA(4);

  private final int channels;

  ImageMode(int channels) {
    this.channels = channels;
  }

  public int channels() {
    return channels;
  }

  public boolean gray() {
    return this == L || this == LA;
  }

  public boolean alpha() {
    return this == LA || this == RGBA;
  }

  /** Parses a mode name ('RGB', 'rgba', 'L', 'LA'). */
  public static ImageMode parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot convert an image to mode '%s': use 'RGB', 'RGBA', 'L' (gray) or 'LA'",
          name);
    }
  }
}
