package dev.sheaf.compute.image;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;

/**
 * How {@code to_tensor} lays an RGB image out: {@link #UINT8_HWC} keeps the 8-bit samples, rows
 * then columns then channels (shape [h, w, 3]); {@link #FLOAT_CHW} gives float32 planes, one per
 * channel (shape [3, h, w]), normalized with the ImageNet mean and standard deviation as
 * torchvision's {@code Normalize} after {@code ToTensor}: {@code (sample / 255 - mean[c]) /
 * std[c]}.
 */
public enum TensorLayout {
  UINT8_HWC(1),
  FLOAT_CHW(4);

  /** ImageNet's per-channel mean of RGB samples scaled to 0..1. */
  public static final float[] MEAN = {0.485f, 0.456f, 0.406f};

  /** ImageNet's per-channel standard deviation of RGB samples scaled to 0..1. */
  public static final float[] STD = {0.229f, 0.224f, 0.225f};

  private final int elementBytes;

  TensorLayout(int elementBytes) {
    this.elementBytes = elementBytes;
  }

  /** Bytes per element: 1 for uint8, 4 for float32 (little-endian). */
  public int elementBytes() {
    return elementBytes;
  }

  /** The tensor's shape for an image of this height and width. */
  public int[] shape(int height, int width) {
    return this == UINT8_HWC ? new int[] {height, width, 3} : new int[] {3, height, width};
  }

  /** Parses 'uint8_hwc' or 'float_chw', in any case. */
  public static TensorLayout parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "uint8_hwc" -> UINT8_HWC;
      case "float_chw" -> FLOAT_CHW;
      default ->
          throw SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Unknown tensor layout '%s': use 'uint8_hwc' (the default) or 'float_chw'"
                  + " (float32, ImageNet-normalized)",
              name);
    };
  }
}
