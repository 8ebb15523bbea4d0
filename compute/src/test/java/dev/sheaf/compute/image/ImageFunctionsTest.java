package dev.sheaf.compute.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageFunctionsTest {
  static byte[] resource(String name) throws IOException {
    try (InputStream in = ImageFunctionsTest.class.getResourceAsStream("/images/" + name)) {
      return in.readAllBytes();
    }
  }

  static ImagePixels pixels(byte[] encoded) {
    return ImageDecoder.pixels("test", encoded, 0);
  }

  @Test
  void cropEqualsTheSameRegionOfTheOriginal() throws IOException {
    byte[] png = resource("chelsea.png");
    ImagePixels original = pixels(png);
    ImagePixels crop = pixels(ImageFunctions.crop("chelsea", png, 100, 50, 120, 80));
    assertEquals(120, crop.width());
    assertEquals(80, crop.height());
    assertEquals(ImageMode.RGB, crop.mode());
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 120; x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(original.sample(100 + x, 50 + y, c), crop.sample(x, y, c), x + "," + y);
        }
      }
    }
  }

  @Test
  void cropPastTheEdgeIsBlack() throws IOException {
    byte[] png = resource("chelsea.png");
    ImagePixels original = pixels(png);
    ImagePixels crop = pixels(ImageFunctions.crop("chelsea", png, 440, 290, 20, 20));
    assertEquals(original.sample(445, 295, 1), crop.sample(5, 5, 1));
    assertEquals(0, crop.sample(15, 5, 0));
    assertEquals(0, crop.sample(5, 15, 2));
  }

  @Test
  void fourQuarterTurnsGiveTheOriginalAndOneTurnMovesPixels() throws IOException {
    byte[] jpeg = resource("rocket.jpg");
    ImagePixels original = pixels(jpeg);
    byte[] turned = jpeg;
    for (int i = 0; i < 4; i++) {
      turned = ImageFunctions.rotate("rocket", turned, 90);
    }
    assertArrayEquals(original.data(), pixels(turned).data());
    ImagePixels once = pixels(ImageFunctions.rotate("rocket", jpeg, 90));
    assertEquals(original.height(), once.width());
    assertEquals(original.width(), once.height());
    // counter-clockwise: the top right corner becomes the top left
    for (int c = 0; c < 3; c++) {
      assertEquals(original.sample(original.width() - 1, 0, c), once.sample(0, 0, c));
      assertEquals(original.sample(7, 3, c), once.sample(3, original.width() - 1 - 7, c));
    }
    assertArrayEquals(
        pixels(ImageFunctions.rotate("rocket", jpeg, -90)).data(),
        pixels(ImageFunctions.rotate("rocket", jpeg, 270)).data());
  }

  @Test
  void grayIsPillowsLuma() throws IOException {
    byte[] png = resource("chelsea.png");
    ImagePixels original = pixels(png);
    byte[] gray = ImageFunctions.convert("chelsea", png, "L");
    assertEquals("L", ImageFunctions.mode("chelsea", gray));
    ImagePixels l = pixels(gray);
    for (int[] p : new int[][] {{0, 0}, {200, 150}, {450, 299}}) {
      int r = original.sample(p[0], p[1], 0);
      int g = original.sample(p[0], p[1], 1);
      int b = original.sample(p[0], p[1], 2);
      assertEquals(Math.round(r * 0.299 + g * 0.587 + b * 0.114), l.sample(p[0], p[1], 0), 1.0);
    }
    ImagePixels rgb = pixels(ImageFunctions.convert("gray", gray, "RGB"));
    assertEquals(ImageMode.RGB, rgb.mode());
    assertEquals(l.sample(10, 10, 0), rgb.sample(10, 10, 2));
  }

  @Test
  void jpegSamplesAreLibjpegsWithoutColorManagement() throws IOException {
    // rocket.jpg embeds an Adobe RGB (1998) profile. Pillow 13 (libjpeg-turbo) gives (37, 56, 89)
    // at (100, 100); ImageIO's read converts to sRGB and gives (18, 53, 90).
    byte[] jpeg = resource("rocket.jpg");
    ImagePixels pixels = pixels(jpeg);
    assertEquals(37, pixels.sample(100, 100, 0));
    assertEquals(56, pixels.sample(100, 100, 1));
    assertEquals(89, pixels.sample(100, 100, 2));
    ImagePixels managed = ImagePixels.of(ImageDecoder.decode("rocket", jpeg, 0));
    assertEquals(18, managed.sample(100, 100, 0));
  }

  @Test
  void modesComeFromTheHeader() throws IOException {
    assertEquals("RGB", ImageFunctions.mode("rocket", resource("rocket.jpg")));
    assertEquals("RGBA", ImageFunctions.mode("horse", resource("horse.png")));
    assertEquals("L", ImageFunctions.mode("camera", resource("camera.png")));
    byte[] rgba = ImageFunctions.convert("rocket", resource("rocket.jpg"), "rgba");
    assertEquals("RGBA", ImageFunctions.mode("rgba", rgba));
    assertEquals(255, pixels(rgba).sample(5, 5, 3));
  }

  @Test
  void resizeGivesTheExactSizeAndKeepsAFlatColor() throws IOException {
    byte[] png = resource("chelsea.png");
    ImagePixels small = pixels(ImageFunctions.resize("chelsea", png, 64, 48));
    assertEquals(64, small.width());
    assertEquals(48, small.height());
    ImagePixels large = pixels(ImageFunctions.resize("chelsea", png, 900, 20));
    assertEquals(900, large.width());
    // a flat image stays flat whatever the scale: the weights of every output pixel sum to one
    byte[] flat = new byte[40 * 30 * 3];
    Arrays.fill(flat, (byte) 173);
    ImagePixels resized =
        ImageResampler.resize(new ImagePixels(40, 30, ImageMode.RGB, flat), 17, 71);
    for (byte b : resized.data()) {
      assertEquals(173, b & 0xff);
    }
  }

  @Test
  void shrinkingByTwoWeighsThePixelsUnderATriangleTwiceAsWide() {
    // a 4x1 row 0, 100, 200, 50 halved. Output 0 is centered at 1.0, its triangle spans 2 source
    // pixels each side: taps x=0..2 at (x + 0.5 - 1) / 2 = -0.25, 0.25, 0.75 weigh 0.75, 0.75,
    // 0.25, so (0 * 0.75 + 100 * 0.75 + 200 * 0.25) / 1.75 = 71.4. Output 1 (center 3.0): taps
    // x=1..3 weigh 0.25, 0.75, 0.75: (25 + 150 + 37.5) / 1.75 = 121.4. Pillow gives 71, 121.
    byte[] row = {0, 100, (byte) 200, 50};
    ImagePixels half = ImageResampler.resize(new ImagePixels(4, 1, ImageMode.L, row), 2, 1);
    assertEquals(71, half.sample(0, 0, 0));
    assertEquals(121, half.sample(1, 0, 0));
  }

  @Test
  void encodeGivesTheAskedFormatAndQualityMatters() throws IOException {
    byte[] png = resource("chelsea.png");
    byte[] high = ImageFunctions.encode("chelsea", png, "jpeg", 95);
    byte[] low = ImageFunctions.encode("chelsea", png, "jpeg", 10);
    assertEquals((byte) 0xFF, high[0]);
    assertEquals((byte) 0xD8, high[1]);
    assertTrue(low.length < high.length / 2, low.length + " vs " + high.length);
    byte[] lossless = ImageFunctions.encode("jpeg", high, "png", 92);
    assertArrayEquals(pixels(high).data(), pixels(lossless).data());
    byte[] horse = ImageFunctions.encode("horse", resource("horse.png"), "jpeg", 90);
    assertEquals("RGB", ImageFunctions.mode("horse.jpg", horse));
  }

  @Test
  void badInputIsAFormatErrorAndBadArgumentsAreInvalid() throws IOException {
    byte[] png = resource("chelsea.png");
    SheafException corrupt =
        assertThrows(
            SheafException.class,
            () -> ImageFunctions.resize("junk", "not an image".getBytes(), 10, 10));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, corrupt.code());
    byte[] cut = Arrays.copyOf(resource("rocket.jpg"), 300);
    assertEquals(
        ErrorCode.MEDIA_FORMAT_ERROR,
        assertThrows(SheafException.class, () -> ImageFunctions.rotate("cut", cut, 90)).code());
    for (int[] size : new int[][] {{0, 10}, {10, -1}, {20_000, 10}, {8000, 8000}}) {
      SheafException e =
          assertThrows(
              SheafException.class, () -> ImageFunctions.resize("c", png, size[0], size[1]));
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> ImageFunctions.rotate("c", png, 45)).code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> ImageFunctions.convert("c", png, "HSV")).code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> ImageFunctions.crop("c", png, -1, 0, 5, 5))
            .code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> ImageFunctions.encode("c", png, "webp", 90))
            .code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> ImageFunctions.encode("c", png, "jpeg", 0))
            .code());
  }
}
