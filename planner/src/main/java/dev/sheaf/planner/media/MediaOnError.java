package dev.sheaf.planner.media;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;

/**
 * What a statement does when a media function fails on one cell: {@link #NULL} (the default, as
 * DuckDB's {@code TRY} and Pixeltable do) gives NULL for that cell and goes on, the error readable
 * with {@code try_error(f(...))}; {@link #ABORT} fails the statement with the cell's error.
 */
public enum MediaOnError {
  NULL,
  ABORT;

  /** The mode a client names ({@code null} or {@code abort}, any case); null text is NULL. */
  public static MediaOnError parse(String text) {
    if (text == null || text.isBlank()) {
      return NULL;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "null" -> NULL;
      case "abort" -> ABORT;
      default ->
          throw SheafException.of(
              ErrorCode.INVALID_ARGUMENT,
              "Cannot use media-on-error '%s': give null (a failing cell is NULL) or abort",
              text);
    };
  }
}
