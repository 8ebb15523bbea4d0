package dev.sheaf.compute.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Scales images down with bilinear filtering in halving steps, so every output pixel averages the
 * source pixels under it (one large bilinear step would sample a few and alias). Pixels come out as
 * 8-bit RGB, or ARGB when the source has transparency.
 */
public final class ImageScaler {
  private ImageScaler() {}

  /** The size that fits {@code maxSide} on the longer side, keeping the aspect ratio. */
  public static int[] fit(int width, int height, int maxSide) {
    if (width <= maxSide && height <= maxSide) {
      return new int[] {width, height};
    }
    double scale = (double) maxSide / Math.max(width, height);
    return new int[] {
      Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))
    };
  }

  /** The image scaled to fit {@code maxSide}; never enlarged. */
  public static BufferedImage scaleToFit(BufferedImage source, int maxSide) {
    int[] target = fit(source.getWidth(), source.getHeight(), maxSide);
    BufferedImage current = toStandard(source);
    while (current.getWidth() != target[0] || current.getHeight() != target[1]) {
      int width = Math.max(target[0], current.getWidth() / 2);
      int height = Math.max(target[1], current.getHeight() / 2);
      current = draw(current, width, height);
    }
    return current;
  }

  private static BufferedImage toStandard(BufferedImage source) {
    int type = standardType(source);
    if (source.getType() == type) {
      return source;
    }
    return draw(source, source.getWidth(), source.getHeight());
  }

  private static int standardType(BufferedImage source) {
    return source.getColorModel().hasAlpha()
        ? BufferedImage.TYPE_INT_ARGB
        : BufferedImage.TYPE_INT_RGB;
  }

  private static BufferedImage draw(BufferedImage source, int width, int height) {
    BufferedImage target = new BufferedImage(width, height, standardType(source));
    Graphics2D graphics = target.createGraphics();
    try {
      graphics.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      graphics.drawImage(source, 0, 0, width, height, null);
    } finally {
      graphics.dispose();
    }
    return target;
  }
}
