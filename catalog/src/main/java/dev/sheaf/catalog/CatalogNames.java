package dev.sheaf.catalog;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/**
 * The names a schema or table may have. A name becomes a folder of the warehouse (and of written
 * media), so it cannot carry a path separator, a parent reference or a control character there;
 * everything else (spaces, quotes, any script) is allowed.
 */
public final class CatalogNames {
  private CatalogNames() {}

  /**
   * Fails with INVALID_ARGUMENT when {@code name} cannot name a {@code kind} ("schema", "table").
   */
  public static void check(String kind, String name) {
    String problem = problem(name);
    if (problem != null) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot use %s name '%s': %s (names become warehouse folders)",
          kind,
          printable(name),
          problem);
    }
  }

  private static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "it is empty";
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      return "it contains a path separator ('/' or '\\')";
    }
    if (name.contains("..") || name.equals(".")) {
      return "it contains '..' or is '.'";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        return String.format("it contains the control character U+%04X", (int) c);
      }
    }
    return null;
  }

  /** The name with control characters shown as {@code \\uXXXX}, for the message. */
  private static String printable(String name) {
    if (name == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      text.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : c);
    }
    return text.toString();
  }
}
