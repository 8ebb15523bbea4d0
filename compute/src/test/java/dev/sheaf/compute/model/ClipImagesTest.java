package dev.sheaf.compute.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** CLIP's preprocessing against Pillow's: the expected values come from the script below. */
class ClipImagesTest {
  /*
   * from PIL import Image; import numpy as np
   * w, h = 301, 217; y, x = np.mgrid[0:h, 0:w]; a = np.zeros((h, w, 3), np.uint8)
   * a[..., 0] = (x*7 + y*13) % 256; a[..., 1] = (x*x + 3*y) % 256
   * a[..., 2] = ((x//5)*40 + (y//3)*17) % 256
   * r = Image.fromarray(a, 'RGB').resize((310, 224), Image.BICUBIC)   # shorter side 224
   * c = np.asarray(r)[0:224, 43:267] / 255                            # center crop
   * c = ((c - mean) / std).transpose(2, 0, 1)                         # CLIP's mean and std
   */
  @Test
  void resizeCropAndNormalizeAsPillowAndTorchvision() {
    int width = 301;
    int height = 217;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (x * 7 + y * 13) % 256;
        int g = (x * x + 3 * y) % 256;
        int b = ((x / 5) * 40 + (y / 3) * 17) % 256;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    float[] chw = ClipImages.pixelValues(image, 224);
    assertThat(chw).hasSize(3 * 224 * 224);
    double sum = 0;
    for (float v : chw) {
      sum += v;
    }
    assertThat(sum).isCloseTo(27517.3, within(0.5));
    assertThat(chw[0]).isCloseTo(-1.2667192f, within(1e-4f));
    assertThat(chw[224 * 224 + 100 * 224 + 57]).isCloseTo(1.7297051f, within(1e-4f));
    assertThat(chw[2 * 224 * 224 + 223 * 224 + 223]).isCloseTo(1.2358129f, within(1e-4f));
    assertThat(chw[17 * 224 + 200]).isCloseTo(-0.7119789f, within(1e-4f));
  }
}
