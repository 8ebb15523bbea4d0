package dev.sheaf.compute.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {
  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ThumbnailsTest.class.getResourceAsStream("/images/" + name)) {
      return in.readAllBytes();
    }
  }

  private static BufferedImage read(byte[] bytes) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void fitsTheLongerSideAndKeepsTheAspectRatio() throws IOException {
    byte[] jpeg = resource("rocket.jpg");
    BufferedImage original = read(jpeg);
    byte[] thumb = Thumbnails.thumbnail("rocket.jpg", jpeg, 128, ImageEncoding.PNG);
    BufferedImage small = read(thumb);
    assertEquals(128, Math.max(small.getWidth(), small.getHeight()));
    double before = (double) original.getWidth() / original.getHeight();
    double after = (double) small.getWidth() / small.getHeight();
    assertEquals(before, after, 0.02);
    assertEquals("png", formatOf(thumb));
  }

  @Test
  void pngOutputIsLosslessForTheScaledPixels() throws IOException {
    byte[] png = resource("horse.png");
    BufferedImage scaled = ImageScaler.scaleToFit(ImageDecoder.decode("horse.png", png, 0), 64);
    BufferedImage decoded = read(ImageEncoder.encode(scaled, ImageEncoding.PNG));
    for (int y = 0; y < scaled.getHeight(); y++) {
      for (int x = 0; x < scaled.getWidth(); x++) {
        assertEquals(scaled.getRGB(x, y), decoded.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void theSameInputGivesTheSameBytes() throws IOException {
    byte[] jpeg = resource("rocket.jpg");
    assertArrayEquals(
        Thumbnails.thumbnail("a", jpeg, 96, ImageEncoding.PNG),
        Thumbnails.thumbnail("a", jpeg, 96, ImageEncoding.PNG));
  }

  @Test
  void jpegWhenAskedFlattensTransparency() throws IOException {
    BufferedImage clear = new BufferedImage(40, 20, BufferedImage.TYPE_INT_ARGB);
    byte[] png = ImageEncoder.encode(clear, ImageEncoding.PNG);
    byte[] jpeg = Thumbnails.thumbnail("clear.png", png, 20, ImageEncoding.JPEG);
    assertEquals("jpeg", formatOf(jpeg));
    BufferedImage decoded = read(jpeg);
    assertEquals(20, decoded.getWidth());
    assertEquals(10, decoded.getHeight());
    int white = decoded.getRGB(5, 5) & 0xffffff;
    assertTrue(
        white > 0xf0f0f0, "transparent pixels become white, got " + Integer.toHexString(white));
  }

  @Test
  void transparencySurvivesInPng() throws IOException {
    BufferedImage clear = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
    clear.setRGB(0, 0, 0xff00ff00);
    byte[] png = ImageEncoder.encode(clear, ImageEncoding.PNG);
    BufferedImage thumb = read(Thumbnails.thumbnail("clear.png", png, 32, ImageEncoding.PNG));
    assertTrue(thumb.getColorModel().hasAlpha());
    assertEquals(0, thumb.getRGB(31, 31) >>> 24, "a transparent corner stays transparent");
  }

  @Test
  void smallImagesAreNotEnlarged() throws IOException {
    BufferedImage tiny = new BufferedImage(10, 6, BufferedImage.TYPE_INT_RGB);
    byte[] png = ImageEncoder.encode(tiny, ImageEncoding.PNG);
    BufferedImage thumb = read(Thumbnails.thumbnail("tiny.png", png, 256, ImageEncoding.PNG));
    assertEquals(10, thumb.getWidth());
    assertEquals(6, thumb.getHeight());
  }

  @Test
  void fineDetailAveragesToGreyInsteadOfAliasing() throws IOException {
    // a 2000x2000 checkerboard of 1-pixel squares: a correct thumbnail is mid grey everywhere
    BufferedImage board = new BufferedImage(2000, 2000, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 2000; y++) {
      for (int x = 0; x < 2000; x++) {
        board.setRGB(x, y, ((x / 2 + y / 2) % 2 == 0) ? 0xffffff : 0x000000);
      }
    }
    byte[] png = ImageEncoder.encode(board, ImageEncoding.PNG);
    BufferedImage thumb = read(Thumbnails.thumbnail("board.png", png, 50, ImageEncoding.PNG));
    int grey = thumb.getRGB(25, 25) & 0xff;
    assertTrue(grey > 60 && grey < 200, "expected mid grey, got " + grey);
  }

  @Test
  void onlyImagesBeyondTheDecodeBudgetSkipPixels() {
    assertEquals(1, ImageDecoder.subsampling(6000, 6000, 64));
    assertEquals(1, ImageDecoder.subsampling(20000, 8000, 0));
    // 160M pixels -> every 2nd pixel keeps it near 40M; the 64-pixel output allows far more
    assertEquals(2, ImageDecoder.subsampling(16000, 10000, 64));
    // never below twice the output side
    assertEquals(1, ImageDecoder.subsampling(16000, 10000, 8000));
  }

  @Test
  void corruptAndTruncatedImagesGiveAFormatError() throws IOException {
    byte[] jpeg = resource("rocket.jpg");
    SheafException notImage =
        assertThrows(
            SheafException.class,
            () -> Thumbnails.thumbnail("s3://b/x.jpg", "hello".getBytes(), 64, ImageEncoding.PNG));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, notImage.code());
    assertTrue(notImage.getMessage().contains("s3://b/x.jpg"));
    byte[] truncated = Arrays.copyOf(jpeg, 200);
    SheafException cut =
        assertThrows(
            SheafException.class,
            () -> Thumbnails.thumbnail("cut.jpg", truncated, 64, ImageEncoding.PNG));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, cut.code());
  }

  @Test
  void oversizedDeclarationsAreRefusedBeforeDecoding() throws IOException {
    // a PNG header claiming 60000x60000 pixels, followed by nothing
    BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    byte[] png = ImageEncoder.encode(one, ImageEncoding.PNG);
    byte[] bomb = Arrays.copyOf(png, 33);
    writeInt(bomb, 16, 60000);
    writeInt(bomb, 20, 60000);
    SheafException e =
        assertThrows(
            SheafException.class,
            () -> Thumbnails.thumbnail("bomb.png", bomb, 64, ImageEncoding.PNG));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, e.code());
    assertTrue(e.getMessage().contains("60000x60000"), e.getMessage());
  }

  @Test
  void badSizesAndEncodingsAreInvalidArguments() throws IOException {
    byte[] jpeg = resource("rocket.jpg");
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(
                SheafException.class, () -> Thumbnails.thumbnail("r", jpeg, 0, ImageEncoding.PNG))
            .code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> ImageEncoding.parse("gif")).code());
    assertEquals(ImageEncoding.JPEG, ImageEncoding.parse(" JPG "));
  }

  private static void writeInt(byte[] bytes, int at, int value) {
    bytes[at] = (byte) (value >>> 24);
    bytes[at + 1] = (byte) (value >>> 16);
    bytes[at + 2] = (byte) (value >>> 8);
    bytes[at + 3] = (byte) value;
  }

  private static String formatOf(byte[] bytes) throws IOException {
    var readers =
        ImageIO.getImageReaders(ImageIO.createImageInputStream(new ByteArrayInputStream(bytes)));
    return readers.next().getFormatName().toLowerCase(java.util.Locale.ROOT);
  }
}
