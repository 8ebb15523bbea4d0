package dev.sheaf.catalog.config;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Locale;

/**
 * Where Lucene indexes are kept (setting {@code index-location}): {@link #LOCAL} on the server's
 * local disk only, or {@link #WAREHOUSE} in the table's warehouse location too, with the local
 * directory as a cache, so that servers sharing a catalog and warehouse share the indexes.
 */
public enum IndexLocation {
  /** Under {@code <data-dir>/indexes} only; another server builds its own copy. */
  LOCAL,
  /**
   * Published to {@code <table location>/index/<index name>/} after each commit and downloaded into
   * the local directory by a server that lacks it.
   */
  WAREHOUSE;

  /** {@code local} or {@code warehouse} (any case); anything else is INVALID_CONFIGURATION. */
  public static IndexLocation parse(String text) {
    for (IndexLocation location : values()) {
      if (location.name().equalsIgnoreCase(text.trim())) {
        return location;
      }
    }
    throw SheafException.of(
        ErrorCode.INVALID_CONFIGURATION,
        "Cannot use index-location '%s': give local or warehouse",
        text);
  }

  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
