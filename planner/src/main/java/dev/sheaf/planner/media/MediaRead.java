package dev.sheaf.planner.media;

import dev.sheaf.catalog.media.ImageHeader;
import dev.sheaf.catalog.media.MediaFormat;
import dev.sheaf.spi.media.ByteRange;
import java.util.Locale;
import java.util.Optional;

/**
 * What a media function reads of a cell's object: the bytes of one range (through the media cache,
 * so a scan can fetch them ahead of the call, {@link MediaPrefetch}), or only its pin. The function
 * and the prefetch take the range from here, so they name the same cache entry.
 */
public enum MediaRead {
  /**
   * The whole object: {@code fetch}, {@code thumbnail}, {@code clip_image}, {@code ocr}, the video
   * and audio functions (FFmpeg reads the media cache's file), the document functions.
   */
  WHOLE(ByteRange.ALL),
  /** The first bytes, where an image's size is: {@code width}, {@code height}. */
  IMAGE_HEADER(new ByteRange(0, ImageHeader.HEAD_BYTES)),
  /** The first bytes, where a format's signature is: {@code format}. */
  FORMAT_HEAD(new ByteRange(0, MediaFormat.HEAD_BYTES)),
  /** The first byte, to see the object still reads: {@code media_error}. */
  FIRST_BYTE(new ByteRange(0, 1)),
  /** The pin only (size, entity tag, version; a stat for a cell stored without one). */
  PIN(null);

  private final ByteRange range;

  MediaRead(ByteRange range) {
    this.range = range;
  }

  /** The bytes this read takes, or empty for {@link #PIN}. */
  public Optional<ByteRange> range() {
    return Optional.ofNullable(range);
  }

  /** Which operand of the function of this name is the media cell: 1 for clip_image, else 0. */
  public static int mediaOperand(String function) {
    return function.toLowerCase(Locale.ROOT).endsWith("clip_image") ? 1 : 0;
  }

  /** What the media function of this name reads (its error twin reads the same), if it is one. */
  public static Optional<MediaRead> of(String function) {
    String name = function.toLowerCase(Locale.ROOT);
    if (name.startsWith(TryErrorCalls.TWIN_PREFIX)) {
      name = name.substring(TryErrorCalls.TWIN_PREFIX.length());
    }
    return Optional.ofNullable(
        switch (name) {
          case "fetch",
              "thumbnail",
              "image_mode",
              "resize",
              "crop",
              "rotate",
              "convert",
              "encode",
              "to_tensor",
              "clip_image",
              "ocr",
              "video_metadata",
              "audio_metadata",
              "extract_frame",
              "audio_to_tensor",
              "audio_resample",
              "audio_segment",
              "document_page_count",
              "document_text",
              "document_page_text",
              "document_metadata" ->
              WHOLE;
          case "width", "height" -> IMAGE_HEADER;
          case "format" -> FORMAT_HEAD;
          case "media_error" -> FIRST_BYTE;
          case "media_size", "media_etag", "media_version", "presign" -> PIN;
          default -> null;
        });
  }
}
