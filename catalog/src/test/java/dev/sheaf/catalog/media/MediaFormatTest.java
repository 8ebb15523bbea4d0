package dev.sheaf.catalog.media;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.types.TypeKind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Format sniffing, image headers, and the stored pin's text form. */
class MediaFormatTest {
  private static byte[] bytes(String text) {
    return text.getBytes(ISO_8859_1);
  }

  private static byte[] image(String format, int width, int height) throws IOException {
    var out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out);
    return out.toByteArray();
  }

  @Test
  void sniffsEachKindFromMagicBytes() throws IOException {
    Map<byte[], String> cases =
        Map.ofEntries(
            Map.entry(image("png", 3, 2), "png IMAGE"),
            Map.entry(image("jpeg", 3, 2), "jpeg IMAGE"),
            Map.entry(image("gif", 3, 2), "gif IMAGE"),
            Map.entry(image("bmp", 3, 2), "bmp IMAGE"),
            Map.entry(image("tiff", 3, 2), "tiff IMAGE"),
            Map.entry(bytes("RIFF\0\0\0\0WEBPVP8 "), "webp IMAGE"),
            Map.entry(bytes("\0\0\0\u0018ftypisom"), "mp4 VIDEO"),
            Map.entry(bytes("\u001aE\u00df\u00a3\u0093B\u0082\u0088webm"), "webm VIDEO"),
            Map.entry(bytes("RIFF\0\0\0\0AVI LIST"), "avi VIDEO"),
            Map.entry(bytes("RIFF\0\0\0\0WAVEfmt "), "wav AUDIO"),
            Map.entry(bytes("ID3\u0004\0\0"), "mp3 AUDIO"),
            Map.entry(bytes("fLaC\0\0"), "flac AUDIO"),
            Map.entry(bytes("OggS\0\u0002"), "ogg AUDIO"),
            Map.entry(bytes("\0\0\0\u0020ftypM4A "), "m4a AUDIO"),
            Map.entry(bytes("%PDF-1.7\n"), "pdf DOCUMENT"),
            Map.entry(bytes("PK\u0003\u0004\u0014\0"), "zip DOCUMENT"),
            Map.entry(bytes("plain words\n"), "text DOCUMENT"));
    cases.forEach(
        (head, expected) ->
            assertThat(
                    MediaFormat.sniff(head).map(f -> f.name() + " " + f.kind()).orElse("unknown"))
                .isEqualTo(expected));
    assertThat(MediaFormat.sniff(new byte[] {0, 1, 2, 3})).isEmpty();
    assertThat(MediaFormat.sniff(new byte[0])).isEmpty();
  }

  @Test
  void readsImageSizesFromHeaders() throws IOException {
    for (String format : new String[] {"png", "jpeg", "gif", "bmp", "tiff"}) {
      ImageHeader header = ImageHeader.read(format, image(format, 7, 5));
      assertThat(header.width()).as(format).isEqualTo(7);
      assertThat(header.height()).as(format).isEqualTo(5);
    }
    // WebP VP8X: canvas width-1 and height-1 as 24-bit little endian at offsets 24 and 27
    byte[] webp = new byte[30];
    System.arraycopy(bytes("RIFF\0\0\0\0WEBPVP8X"), 0, webp, 0, 16);
    webp[24] = (byte) 199;
    webp[27] = (byte) 99;
    assertThat(ImageHeader.read("webp", webp)).isEqualTo(new ImageHeader("webp", 200, 100));
    assertThatThrownBy(() -> ImageHeader.read("notes", bytes("%PDF-1.7\n")))
        .isInstanceOf(SheafException.class)
        .satisfies(
            e -> assertThat(((SheafException) e).code()).isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR));
  }

  @Test
  void storedPinsRoundTripAndCheckTheirVersion() {
    URI uri = URI.create("s3://bucket/a%7Cb.jpg");
    StoredPin pin = StoredPin.of(new BlobInfo(uri, 42, "\"etag\"", "v7", null), "jpeg");
    assertThat(StoredPin.decode(pin.encode())).isEqualTo(pin);
    assertThat(StoredPin.decode(pin.encode()).pin(uri).versionId()).isEqualTo("v7");
    StoredPin failed =
        StoredPin.failed(
            new SheafException(ErrorCode.MEDIA_NOT_FOUND, "Cannot read media x: gone | really"));
    assertThat(StoredPin.decode(failed.encode())).isEqualTo(failed);
    assertThatThrownBy(() -> failed.pin(uri))
        .isInstanceOf(SheafException.class)
        .hasMessage("Cannot read media x: gone | really");
    assertThatThrownBy(() -> StoredPin.decode("2|1|e||||"))
        .hasMessageContaining("expected format 1, found 2");
    assertThat(TypeKind.IMAGE.isMedia()).isTrue();
  }
}
