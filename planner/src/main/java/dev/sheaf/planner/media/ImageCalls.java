package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.compute.image.ImageFunctions;
import dev.sheaf.compute.image.ImageTensors;
import dev.sheaf.compute.image.TensorLayout;
import dev.sheaf.spi.media.BlobPin;
import java.util.List;
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
 * statement. A call on a cell may find its result computed ahead by the scan ({@link ImageWork}).
 */
public final class ImageCalls {
  /** What errors call bytes given directly rather than read from a media cell. */
  private static final String BYTES = "(binary value)";

  private ImageCalls() {}

  public static String imageMode(DataContext root, String cell) {
    return (String) onCell(root, cell, "image_mode", List.of());
  }

  public static String imageModeBytes(DataContext root, ByteString bytes) {
    return (String) onBytes(root, bytes, "image_mode", List.of());
  }

  public static ByteString resize(DataContext root, String cell, int width, int height) {
    return binary(onCell(root, cell, "resize", List.of(width, height)));
  }

  public static ByteString resizeBytes(DataContext root, ByteString bytes, int width, int height) {
    return binary(onBytes(root, bytes, "resize", List.of(width, height)));
  }

  public static ByteString crop(
      DataContext root, String cell, int x, int y, int width, int height) {
    return binary(onCell(root, cell, "crop", List.of(x, y, width, height)));
  }

  public static ByteString cropBytes(
      DataContext root, ByteString bytes, int x, int y, int width, int height) {
    return binary(onBytes(root, bytes, "crop", List.of(x, y, width, height)));
  }

  public static ByteString rotate(DataContext root, String cell, int degrees) {
    return binary(onCell(root, cell, "rotate", List.of(degrees)));
  }

  public static ByteString rotateBytes(DataContext root, ByteString bytes, int degrees) {
    return binary(onBytes(root, bytes, "rotate", List.of(degrees)));
  }

  public static ByteString convert(DataContext root, String cell, String mode) {
    return binary(onCell(root, cell, "convert", List.of(mode)));
  }

  public static ByteString convertBytes(DataContext root, ByteString bytes, String mode) {
    return binary(onBytes(root, bytes, "convert", List.of(mode)));
  }

  public static ByteString encode(DataContext root, String cell, String encoding) {
    return binary(onCell(root, cell, "encode", List.of(encoding)));
  }

  public static ByteString encodeAs(DataContext root, String cell, String encoding, int quality) {
    return binary(onCell(root, cell, "encode", List.of(encoding, quality)));
  }

  public static ByteString encodeBytes(DataContext root, ByteString bytes, String encoding) {
    return binary(onBytes(root, bytes, "encode", List.of(encoding)));
  }

  public static ByteString encodeBytesAs(
      DataContext root, ByteString bytes, String encoding, int quality) {
    return binary(onBytes(root, bytes, "encode", List.of(encoding, quality)));
  }

  public static ByteString toTensor(DataContext root, String cell, int height, int width) {
    return binary(onCell(root, cell, "to_tensor", List.of(height, width)));
  }

  public static ByteString toTensorAs(
      DataContext root, String cell, int height, int width, String layout) {
    return binary(onCell(root, cell, "to_tensor", List.of(height, width, layout)));
  }

  public static ByteString toTensorBytes(
      DataContext root, ByteString bytes, int height, int width) {
    return binary(onBytes(root, bytes, "to_tensor", List.of(height, width)));
  }

  public static ByteString toTensorBytesAs(
      DataContext root, ByteString bytes, int height, int width, String layout) {
    return binary(onBytes(root, bytes, "to_tensor", List.of(height, width, layout)));
  }

  /**
   * The function's value for image bytes: a String ({@code image_mode}) or a byte[]. The arguments
   * come checked by their SQL types.
   */
  static Object apply(String function, List<Object> arguments, byte[] image, String source) {
    return switch (function) {
      case "image_mode" -> ImageFunctions.mode(source, image);
      case "resize" ->
          ImageFunctions.resize(source, image, integer(arguments, 0), integer(arguments, 1));
      case "crop" ->
          ImageFunctions.crop(
              source,
              image,
              integer(arguments, 0),
              integer(arguments, 1),
              integer(arguments, 2),
              integer(arguments, 3));
      case "rotate" -> ImageFunctions.rotate(source, image, integer(arguments, 0));
      case "convert" -> ImageFunctions.convert(source, image, (String) arguments.get(0));
      case "encode" ->
          ImageFunctions.encode(
              source,
              image,
              (String) arguments.get(0),
              arguments.size() > 1 ? integer(arguments, 1) : ImageFunctions.defaultQuality());
      case "to_tensor" ->
          ImageTensors.toTensor(
              source,
              image,
              integer(arguments, 0),
              integer(arguments, 1),
              arguments.size() > 2
                  ? TensorLayout.parse((String) arguments.get(2))
                  : TensorLayout.UINT8_HWC);
      default -> throw new IllegalArgumentException("no image function " + function);
    };
  }

  private static int integer(List<Object> arguments, int index) {
    return ((Number) arguments.get(index)).intValue();
  }

  /** Reads an IMAGE cell whole with its pin and applies the function; errors are raised. */
  static Object compute(MediaAccess media, String cell, ImageCallsAhead.Call call) {
    BlobPin pin = media.pin(cell).require();
    return apply(
        call.function(),
        call.arguments(),
        MediaCalls.readWhole(media, pin),
        UriRedaction.redact(pin.uri()));
  }

  /** The call on an IMAGE cell, computed ahead or here; a cell error gives NULL. */
  private static Object onCell(
      DataContext root, String cell, String function, List<Object> arguments) {
    MediaAccess media = MediaAccess.of(root);
    ImageCallsAhead.Call call = new ImageCallsAhead.Call(function, arguments);
    return MediaCellErrors.cell(
        media,
        () -> {
          ImageWork.Outcome ahead = media.imageWork().take(cell, call);
          return ahead != null ? ahead.get() : compute(media, cell, call);
        });
  }

  private static Object onBytes(
      DataContext root, ByteString bytes, String function, List<Object> arguments) {
    return MediaCellErrors.cell(
        MediaAccess.of(root), () -> apply(function, arguments, bytes.getBytes(), BYTES));
  }

  private static ByteString binary(Object bytes) {
    return bytes == null ? null : new ByteString((byte[]) bytes);
  }
}
