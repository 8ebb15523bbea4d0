package dev.sheaf.server.web;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/** The snapshot id a link carries ({@code s=}): a number, or the request is refused. */
final class SnapshotIds {
  private SnapshotIds() {}

  static Long parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT, "Cannot read snapshot '%s': give a snapshot id", text);
    }
  }
}
