package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.compute.image.ImageFunctions;
import dev.sheaf.compute.image.ImageTensors;
import dev.sheaf.compute.image.TensorLayout;
import dev.sheaf.spi.media.BlobPin;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;

/**
 * The bodies of Sheaf's image functions, called by Calcite's generated code with the statement's
 * DataContext first. Each takes an IMAGE cell (read whole with its pin, like {@code fetch}) or the
 * bytes of an image (VARBINARY: {@code fetch(img)}, another image function's result, an ingested
 * binary column); the {@code ...Bytes} methods are the VARBINARY overloads. Image results are
 * lossless PNG bytes ({@code encode} aside), tensors the raw little-endian elements that {@link
 * ImageTensorColumns} types as an Arrow fixed-shape tensor. A cell that fails (a missing object,
 * bytes that are not an image) gives NULL ({@link MediaCellErrors}); bad arguments fail the
 * statement.
 */
public final class ImageCalls {
  /** What errors call bytes given directly rather than read from a media cell. */
  private static final String BYTES = "(binary value)";

  private ImageCalls() {}

  public static String imageMode(DataContext root, String cell) {
    return onCell(root, cell, (image, source) -> ImageFunctions.mode(source, image));
  }

  public static String imageModeBytes(DataContext root, ByteString bytes) {
    return onBytes(root, bytes, image -> ImageFunctions.mode(BYTES, image));
  }

  public static ByteString resize(DataContext root, String cell, int width, int height) {
    return bytesOf(
        onCell(root, cell, (image, source) -> ImageFunctions.resize(source, image, width, height)));
  }

  public static ByteString resizeBytes(DataContext root, ByteString bytes, int width, int height) {
    return bytesOf(
        onBytes(root, bytes, image -> ImageFunctions.resize(BYTES, image, width, height)));
  }

  public static ByteString crop(
      DataContext root, String cell, int x, int y, int width, int height) {
    return bytesOf(
        onCell(
            root,
            cell,
            (image, source) -> ImageFunctions.crop(source, image, x, y, width, height)));
  }

  public static ByteString cropBytes(
      DataContext root, ByteString bytes, int x, int y, int width, int height) {
    return bytesOf(
        onBytes(root, bytes, image -> ImageFunctions.crop(BYTES, image, x, y, width, height)));
  }

  public static ByteString rotate(DataContext root, String cell, int degrees) {
    return bytesOf(
        onCell(root, cell, (image, source) -> ImageFunctions.rotate(source, image, degrees)));
  }

  public static ByteString rotateBytes(DataContext root, ByteString bytes, int degrees) {
    return bytesOf(onBytes(root, bytes, image -> ImageFunctions.rotate(BYTES, image, degrees)));
  }

  public static ByteString convert(DataContext root, String cell, String mode) {
    return bytesOf(
        onCell(root, cell, (image, source) -> ImageFunctions.convert(source, image, mode)));
  }

  public static ByteString convertBytes(DataContext root, ByteString bytes, String mode) {
    return bytesOf(onBytes(root, bytes, image -> ImageFunctions.convert(BYTES, image, mode)));
  }

  public static ByteString encode(DataContext root, String cell, String encoding) {
    return encodeAs(root, cell, encoding, ImageFunctions.defaultQuality());
  }

  public static ByteString encodeAs(DataContext root, String cell, String encoding, int quality) {
    return bytesOf(
        onCell(
            root,
            cell,
            (image, source) -> ImageFunctions.encode(source, image, encoding, quality)));
  }

  public static ByteString encodeBytes(DataContext root, ByteString bytes, String encoding) {
    return encodeBytesAs(root, bytes, encoding, ImageFunctions.defaultQuality());
  }

  public static ByteString encodeBytesAs(
      DataContext root, ByteString bytes, String encoding, int quality) {
    return bytesOf(
        onBytes(root, bytes, image -> ImageFunctions.encode(BYTES, image, encoding, quality)));
  }

  public static ByteString toTensor(DataContext root, String cell, int height, int width) {
    return toTensorAs(root, cell, height, width, TensorLayout.UINT8_HWC.name());
  }

  public static ByteString toTensorAs(
      DataContext root, String cell, int height, int width, String layout) {
    TensorLayout chosen = TensorLayout.parse(layout);
    return bytesOf(
        onCell(
            root,
            cell,
            (image, source) -> ImageTensors.toTensor(source, image, height, width, chosen)));
  }

  public static ByteString toTensorBytes(
      DataContext root, ByteString bytes, int height, int width) {
    return toTensorBytesAs(root, bytes, height, width, TensorLayout.UINT8_HWC.name());
  }

  public static ByteString toTensorBytesAs(
      DataContext root, ByteString bytes, int height, int width, String layout) {
    TensorLayout chosen = TensorLayout.parse(layout);
    return bytesOf(
        onBytes(root, bytes, image -> ImageTensors.toTensor(BYTES, image, height, width, chosen)));
  }

  private interface CellStep<T> {
    T apply(byte[] image, String source);
  }

  /** Reads the IMAGE cell whole with its pin, then runs the step; a cell error gives NULL. */
  private static <T> T onCell(DataContext root, String cell, CellStep<T> step) {
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () -> {
          BlobPin pin = media.pin(cell).require();
          return step.apply(MediaCalls.readWhole(media, pin), UriRedaction.redact(pin.uri()));
        });
  }

  private static <T> T onBytes(DataContext root, ByteString bytes, Function<byte[], T> step) {
    return MediaCellErrors.cell(MediaAccess.of(root), () -> step.apply(bytes.getBytes()));
  }

  private static ByteString bytesOf(byte[] bytes) {
    return bytes == null ? null : new ByteString(bytes);
  }
}
