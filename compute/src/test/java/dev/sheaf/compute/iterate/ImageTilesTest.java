package dev.sheaf.compute.iterate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageTilesTest {
  private static MediaSource png(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
    byte[] bytes = out.toByteArray();
    return bytes(bytes);
  }

  private static MediaSource bytes(byte[] bytes) {
    return new MediaSource() {
      @Override
      public String uri() {
        return "file:///test.png";
      }

      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  private static List<List<Object>> tiles(MediaSource media, Map<String, Object> given)
      throws IOException {
    ImageTiles tiles = new ImageTiles();
    IteratorArguments arguments = IteratorArguments.bind("image_tiles", tiles.parameters(), given);
    List<List<Object>> rows = new ArrayList<>();
    tiles.rows(media, arguments, row -> rows.add(List.of(row)));
    return rows;
  }

  @Test
  void tilesCoverTheImageRowByRowEndingAtItsEdge() throws IOException {
    assertThat(tiles(png(600, 300), Map.of("size", 256)))
        .containsExactly(
            List.of(0, 0, 0, 256, 256),
            List.of(1, 256, 0, 256, 256),
            List.of(2, 512, 0, 88, 256),
            List.of(3, 0, 256, 256, 44),
            List.of(4, 256, 256, 256, 44),
            List.of(5, 512, 256, 88, 44));
    assertThat(tiles(png(512, 100), Map.of("size", 256, "overlap", 64)))
        .containsExactly(
            List.of(0, 0, 0, 256, 100), List.of(1, 192, 0, 256, 100), List.of(2, 384, 0, 128, 100));
    assertThat(tiles(png(100, 80), Map.of())).containsExactly(List.of(0, 0, 0, 100, 80));
    assertThat(MediaIterators.find("IMAGE_TILES")).containsInstanceOf(ImageTiles.class);
  }

  @Test
  void badArgumentsAndBadBytes() {
    assertThatThrownBy(() -> tiles(png(10, 10), Map.of("size", 64, "overlap", 64)))
        .isInstanceOf(SheafException.class)
        .extracting(e -> ((SheafException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThatThrownBy(() -> tiles(bytes("not an image".getBytes()), Map.of()))
        .isInstanceOf(SheafException.class)
        .extracting(e -> ((SheafException) e).code())
        .isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR);
  }
}
