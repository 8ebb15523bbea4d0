package dev.sheaf.planner.media;

import static dev.sheaf.spi.error.ErrorCode.INVALID_ARGUMENT;
import static dev.sheaf.spi.error.ErrorCode.OUT_OF_MEMORY;

import dev.sheaf.catalog.media.ImageHeader;
import dev.sheaf.catalog.media.MediaFormat;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.UriRedaction;
import dev.sheaf.compute.image.ImageEncoding;
import dev.sheaf.compute.image.Thumbnails;
import dev.sheaf.planner.model.ModelCalls;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import java.time.Duration;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;

/**
 * The bodies of Sheaf's media functions, called by Calcite's generated code with the statement's
 * DataContext first. Every read goes through the media registry with the cell's pin, so a changed
 * object is MEDIA_CHANGED instead of other bytes. A cell that fails gives NULL ({@link
 * MediaCellErrors}); {@code try_error(f(...))} gives its error.
 */
public final class MediaCalls {
  /** The largest object {@code fetch} reads into one cell. */
  public static final long MAX_FETCH_BYTES = 256L << 20;

  private MediaCalls() {}

  public static ByteString fetch(DataContext root, String cell) {
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media, () -> new ByteString(readWhole(media, media.pin(cell).require())));
  }

  /** The image scaled to fit {@code maxSide} pixels, as PNG. */
  public static ByteString thumbnail(DataContext root, String cell, int maxSide) {
    return thumbnailAs(root, cell, maxSide, ImageEncoding.PNG.formatName());
  }

  /** The image scaled to fit {@code maxSide} pixels, as PNG or JPEG. */
  public static ByteString thumbnailAs(
      DataContext root, String cell, int maxSide, String encoding) {
    ImageEncoding chosen = ImageEncoding.parse(encoding);
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () -> {
          BlobPin pin = media.pin(cell).require();
          byte[] image = readWhole(media, pin);
          return new ByteString(
              Thumbnails.thumbnail(UriRedaction.redact(pin.uri()), image, maxSide, chosen));
        });
  }

  /**
   * {@code ocr(img)}: the text in the image (PaddleOCR's PP-OCRv4 models), lines joined by a
   * newline, "" when it has none; NULL when the cell cannot be read or is no image.
   */
  public static String ocr(DataContext root, String cell) {
    MediaAccess media = MediaAccess.of(root);
    String ahead = ModelCalls.ocrAhead(root, cell);
    if (ahead != null) {
      return ahead;
    }
    return MediaCellErrors.cell(
        media,
        () -> {
          BlobPin pin = media.pin(cell).require();
          byte[] image = readWhole(media, pin);
          return ModelCalls.ocrModel(root).read(UriRedaction.redact(pin.uri()), image);
        });
  }

  /**
   * The whole object of a media cell, read through its pin (for functions of other packages, such
   * as clip_image); its errors are the cell's (see {@link MediaCellErrors#cell}).
   */
  public static byte[] wholeObject(MediaAccess media, String cell) {
    return readWhole(media, media.pin(cell).require());
  }

  static byte[] readWhole(MediaAccess media, BlobPin pin) {
    if (pin.size() > MAX_FETCH_BYTES) {
      throw SheafException.of(
          OUT_OF_MEMORY,
          "Cannot fetch media %s: it holds %d bytes, more than the %d a cell may hold (read it"
              + " with presign or from the store)",
          pin.uri(),
          pin.size(),
          MAX_FETCH_BYTES);
    }
    return media.stores().read(pin, ByteRange.ALL);
  }

  /** The cell's URI: known without its bytes, so it answers for a cell whose media fails too. */
  public static String mediaUri(DataContext root, String cell) {
    if (cell == null) {
      return null;
    }
    try {
      return MediaStores.parse(cell).toString();
    } catch (SheafException e) {
      return cell;
    }
  }

  public static Long mediaSize(DataContext root, String cell) {
    return MediaCellErrors.cell(
        MediaAccess.of(root), () -> MediaAccess.of(root).pin(cell).require().size());
  }

  public static String mediaEtag(DataContext root, String cell) {
    return MediaCellErrors.cell(
        MediaAccess.of(root), () -> MediaAccess.of(root).pin(cell).require().etag());
  }

  public static String mediaVersion(DataContext root, String cell) {
    return MediaCellErrors.cell(
        MediaAccess.of(root), () -> MediaAccess.of(root).pin(cell).require().versionId());
  }

  /**
   * The error that keeps the cell from being read ("CODE: message"), or NULL when it reads: the
   * stored error of a cell that was never pinned, else what reading its first byte with the pin
   * answers now (MEDIA_CHANGED for an object overwritten since, MEDIA_NOT_FOUND for one deleted),
   * the same check {@code fetch} makes.
   */
  public static String mediaError(DataContext root, String cell) {
    if (cell == null) {
      return null;
    }
    MediaAccess media = MediaAccess.of(root);
    MediaAccess.Pinned pinned = media.pin(cell);
    SheafException error = pinned.error();
    if (error == null) {
      try {
        media.stores().read(pinned.pin(), MediaRead.FIRST_BYTE.range().orElseThrow());
      } catch (SheafException e) {
        error = e;
      }
    }
    return error == null ? null : error.code() + ": " + error.getMessage();
  }

  public static Integer width(DataContext root, String cell) {
    return MediaCellErrors.cell(MediaAccess.of(root), () -> header(root, cell).width());
  }

  public static Integer height(DataContext root, String cell) {
    return MediaCellErrors.cell(MediaAccess.of(root), () -> header(root, cell).height());
  }

  /** The format its first bytes say (jpeg, png, mp4, wav, pdf, ...), or NULL when unknown. */
  public static String format(DataContext root, String cell) {
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () -> {
          BlobPin pin = media.pin(cell).require();
          byte[] head = media.stores().read(pin, MediaRead.FORMAT_HEAD.range().orElseThrow());
          return MediaFormat.sniff(head).map(MediaFormat::name).orElse(null);
        });
  }

  /** A URL valid for {@code seconds}, or NULL where the store cannot sign (local files). */
  public static String presign(DataContext root, String cell, int seconds) {
    if (seconds <= 0 || seconds > 7 * 24 * 3600) {
      throw SheafException.of(
          INVALID_ARGUMENT,
          "Cannot presign media %s for %d seconds: give 1 to 604800 seconds (7 days)",
          cell,
          seconds);
    }
    MediaAccess media = MediaAccess.of(root);
    return MediaCellErrors.cell(
        media,
        () ->
            media
                .stores()
                .presign(media.pin(cell).require(), Duration.ofSeconds(seconds))
                .map(Object::toString)
                .orElse(null));
  }

  private static ImageHeader header(DataContext root, String cell) {
    MediaAccess media = MediaAccess.of(root);
    BlobPin pin = media.pin(cell).require();
    byte[] head = media.stores().read(pin, MediaRead.IMAGE_HEADER.range().orElseThrow());
    try {
      return ImageHeader.read(cell, head);
    } catch (SheafException e) {
      if (head.length < pin.size() && head.length == ImageHeader.HEAD_BYTES) {
        // a header past the first bytes (large EXIF blocks): read the whole image
        return ImageHeader.read(cell, media.stores().read(pin, ByteRange.ALL));
      }
      throw e;
    }
  }
}
