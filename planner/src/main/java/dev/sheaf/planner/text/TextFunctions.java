package dev.sheaf.planner.text;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;

/**
 * String functions counted in characters (Unicode code points), as PostgreSQL with a UTF-8 database
 * counts them: Calcite's own count UTF-16 code units, so an emoji (outside the Basic Multilingual
 * Plane) was two characters and {@code substring} could cut it in half. Case mapping is Unicode's
 * simple (one character to one character) mapping, PostgreSQL's {@code C.UTF-8} behaviour: {@code
 * upper('ß')} stays {@code ß}. NULL in, NULL out.
 */
public final class TextFunctions {
  private TextFunctions() {}

  /** {@code char_length(s)}, {@code character_length(s)}, {@code length(s)}. */
  public static Integer length(String text) {
    return text == null ? null : text.codePointCount(0, text.length());
  }

  /** {@code length(b)} of bytes: how many bytes. */
  public static Integer length(byte[] bytes) {
    return bytes == null ? null : bytes.length;
  }

  /** {@code substring(b FROM start FOR count)} of bytes, by the same rules as of text. */
  public static byte[] substring(byte[] bytes, Integer start, Integer count) {
    if (bytes == null || start == null || count == null) {
      return null;
    }
    if (count < 0) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot take a substring of %d bytes: the length must not be negative",
          count);
    }
    long first = Math.max(start, 1);
    long end = Math.min((long) start + count, (long) bytes.length + 1);
    return end <= first
        ? new byte[0]
        : java.util.Arrays.copyOfRange(bytes, (int) first - 1, (int) end - 1);
  }

  /** {@code substring(s FROM start)}: the characters from {@code start} (1-based) on. */
  public static String substring(String text, Integer start) {
    if (text == null || start == null) {
      return null;
    }
    return slice(text, (long) start, Long.MAX_VALUE);
  }

  /**
   * {@code substring(s FROM start FOR count)}: characters {@code start} to {@code start + count -
   * 1}, where positions before the first character count but return nothing.
   */
  public static String substring(String text, Integer start, Integer count) {
    if (text == null || start == null || count == null) {
      return null;
    }
    if (count < 0) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot take a substring of %d characters: the length must not be negative",
          count);
    }
    return slice(text, (long) start, (long) start + count);
  }

  /** The code points at 1-based positions {@code from} (inclusive) to {@code to} (exclusive). */
  private static String slice(String text, long from, long to) {
    int characters = text.codePointCount(0, text.length());
    long first = Math.max(from, 1);
    long end = Math.min(to, (long) characters + 1);
    if (end <= first) {
      return "";
    }
    int begin = text.offsetByCodePoints(0, (int) first - 1);
    int finish = text.offsetByCodePoints(begin, (int) (end - first));
    return text.substring(begin, finish);
  }

  /** {@code position(part IN text)}: the 1-based character position of the first match, or 0. */
  public static Integer position(String part, String text) {
    if (part == null || text == null) {
      return null;
    }
    int index = text.indexOf(part);
    return index < 0 ? 0 : text.codePointCount(0, index) + 1;
  }

  /**
   * {@code left(s, n)}: the first {@code n} characters; all but the last {@code -n} if negative.
   */
  public static String left(String text, Integer count) {
    if (text == null || count == null) {
      return null;
    }
    int characters = text.codePointCount(0, text.length());
    long keep = count >= 0 ? count : Math.max(0, characters + (long) count);
    return slice(text, 1, keep + 1);
  }

  /**
   * {@code right(s, n)}: the last {@code n} characters; all but the first {@code -n} if negative.
   */
  public static String right(String text, Integer count) {
    if (text == null || count == null) {
      return null;
    }
    int characters = text.codePointCount(0, text.length());
    long keep = count >= 0 ? Math.min(count, characters) : Math.max(0, characters + (long) count);
    return slice(text, characters - keep + 1, Long.MAX_VALUE);
  }

  /** {@code upper(s)} by Unicode's simple case mapping, character by character. */
  public static String upper(String text) {
    return text == null ? null : map(text, true);
  }

  /** {@code lower(s)} by Unicode's simple case mapping, character by character. */
  public static String lower(String text) {
    return text == null ? null : map(text, false);
  }

  private static String map(String text, boolean upper) {
    StringBuilder mapped = new StringBuilder(text.length());
    text.codePoints()
        .map(c -> upper ? Character.toUpperCase(c) : Character.toLowerCase(c))
        .forEach(mapped::appendCodePoint);
    return mapped.toString();
  }
}
