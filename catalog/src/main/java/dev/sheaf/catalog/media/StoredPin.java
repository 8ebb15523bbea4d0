package dev.sheaf.catalog.media;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import java.net.URI;

/**
 * What a table row holds about one media cell besides its URI, in the hidden {@code _media_<col>}
 * column: the pin taken at insert (size, entity tag, version id, sniffed format), or the error that
 * kept the cell from being pinned.
 *
 * <p>Stored as text, format version 1: {@code 1|size|etag|versionId|format|errorCode|message}
 * (empty fields for nulls; the message is last and may hold '|'). A reader that finds another
 * version fails with "expected 1, found N".
 */
public record StoredPin(
    long size, String etag, String versionId, String format, ErrorCode error, String message) {
  public static final String VERSION = "1";

  /** The pin of an object that was checked at insert. */
  public static StoredPin of(BlobInfo info, String format) {
    return new StoredPin(info.size(), info.etag(), info.versionId(), format, null, null);
  }

  /** A cell that could not be pinned, with why. */
  public static StoredPin failed(SheafException error) {
    return new StoredPin(-1, null, null, null, error.code(), error.getMessage());
  }

  public boolean isError() {
    return error != null;
  }

  /** The pin for the cell's URI; throws the stored error when the cell has none. */
  public BlobPin pin(URI uri) {
    if (error != null) {
      throw new SheafException(error, message);
    }
    return new BlobPin(uri, size, etag, versionId);
  }

  public String encode() {
    return String.join(
        "|",
        VERSION,
        error == null ? String.valueOf(size) : "",
        text(etag),
        text(versionId),
        text(format),
        error == null ? "" : error.name(),
        message == null ? "" : message.replace('\n', ' '));
  }

  public static StoredPin decode(String text) {
    String[] parts = text.split("\\|", 7);
    if (parts.length != 7 || !parts[0].equals(VERSION)) {
      throw SheafException.of(
          ErrorCode.INTERNAL_ERROR,
          "Cannot read a media pin: expected format %s, found %s",
          VERSION,
          parts[0]);
    }
    if (!parts[5].isEmpty()) {
      return new StoredPin(-1, null, null, null, ErrorCode.valueOf(parts[5]), parts[6]);
    }
    return new StoredPin(
        Long.parseLong(parts[1]), parts[2], orNull(parts[3]), orNull(parts[4]), null, null);
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static String orNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
