package dev.sheaf.compute.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class ImageTensorsTest {
  @Test
  void uint8HwcAtTheImagesOwnSizeIsItsPixels() throws IOException {
    byte[] png = ImageFunctionsTest.resource("chelsea.png");
    ImagePixels original = ImageFunctionsTest.pixels(png);
    byte[] tensor = ImageTensors.toTensor("chelsea", png, 300, 451, TensorLayout.UINT8_HWC);
    assertEquals(300 * 451 * 3, tensor.length);
    assertArrayEquals(original.data(), tensor);
    assertArrayEquals(new int[] {300, 451, 3}, TensorLayout.UINT8_HWC.shape(300, 451));
  }

  @Test
  void floatChwIsTheResizedPixelsNormalizedWithImageNetStatistics() throws IOException {
    byte[] jpeg = ImageFunctionsTest.resource("rocket.jpg");
    ImagePixels resized = ImageResampler.resize(ImageFunctionsTest.pixels(jpeg), 32, 24);
    byte[] tensor = ImageTensors.toTensor("rocket", jpeg, 24, 32, TensorLayout.FLOAT_CHW);
    assertEquals(3 * 24 * 32 * 4, tensor.length);
    FloatBuffer floats = ByteBuffer.wrap(tensor).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] mean = {0.485f, 0.456f, 0.406f};
    float[] std = {0.229f, 0.224f, 0.225f};
    for (int[] p : new int[][] {{0, 0}, {31, 23}, {12, 7}, {5, 20}}) {
      for (int c = 0; c < 3; c++) {
        double expected = (resized.sample(p[0], p[1], c) / 255.0 - mean[c]) / std[c];
        assertEquals(expected, floats.get(c * 24 * 32 + p[1] * 32 + p[0]), 1e-5);
      }
    }
    byte[] hwc = ImageTensors.toTensor("rocket", jpeg, 24, 32, TensorLayout.UINT8_HWC);
    assertArrayEquals(resized.data(), hwc);
  }

  @Test
  void grayImagesBecomeThreeEqualChannels() throws IOException {
    byte[] png = ImageFunctionsTest.resource("camera.png");
    byte[] tensor = ImageTensors.toTensor("camera", png, 16, 16, TensorLayout.UINT8_HWC);
    for (int i = 0; i < tensor.length; i += 3) {
      assertEquals(tensor[i], tensor[i + 1]);
      assertEquals(tensor[i], tensor[i + 2]);
    }
  }

  @Test
  void tooLargeAndUnknownLayoutsAreRefused() throws IOException {
    byte[] png = ImageFunctionsTest.resource("camera.png");
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(
                SheafException.class,
                () -> ImageTensors.toTensor("c", png, 4096, 4096, TensorLayout.FLOAT_CHW))
            .code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> TensorLayout.parse("float_hwc")).code());
  }
}
