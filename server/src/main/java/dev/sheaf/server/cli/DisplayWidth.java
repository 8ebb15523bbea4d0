package dev.sheaf.server.cli;

/**
 * How many terminal columns text takes: East Asian wide and fullwidth characters and emoji take
 * two, combining marks and format characters none, everything else one (what {@code wcwidth}
 * answers on a UTF-8 terminal), so tables of CJK text and emoji line up.
 */
final class DisplayWidth {
  private DisplayWidth() {}

  static int of(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      width += of(codePoint);
      i += Character.charCount(codePoint);
    }
    return width;
  }

  static int of(int codePoint) {
    int type = Character.getType(codePoint);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT
        || codePoint == 0x200B) {
      return 0;
    }
    return wide(codePoint) ? 2 : 1;
  }

  /** The wide and fullwidth ranges of Unicode's East Asian Width property, and emoji. */
  private static boolean wide(int c) {
    return (c >= 0x1100 && c <= 0x115F)
        || (c >= 0x231A && c <= 0x231B)
        || (c >= 0x2329 && c <= 0x232A)
        || (c >= 0x23E9 && c <= 0x23EC)
        || (c >= 0x25FD && c <= 0x25FE)
        || (c >= 0x2614 && c <= 0x2615)
        || (c >= 0x2648 && c <= 0x2653)
        || (c >= 0x26AA && c <= 0x26AB)
        || (c >= 0x26BD && c <= 0x26BE)
        || (c >= 0x2705 && c <= 0x2705)
        || (c >= 0x274C && c <= 0x274C)
        || (c >= 0x2B1B && c <= 0x2B1C)
        || (c >= 0x2E80 && c <= 0x303E)
        || (c >= 0x3041 && c <= 0x33FF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0xA000 && c <= 0xA4CF)
        || (c >= 0xA960 && c <= 0xA97F)
        || (c >= 0xAC00 && c <= 0xD7A3)
        || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0xFE10 && c <= 0xFE19)
        || (c >= 0xFE30 && c <= 0xFE6F)
        || (c >= 0xFF00 && c <= 0xFF60)
        || (c >= 0xFFE0 && c <= 0xFFE6)
        || (c >= 0x16FE0 && c <= 0x18CFF)
        || (c >= 0x1B000 && c <= 0x1B2FF)
        || (c >= 0x1F004 && c <= 0x1F004)
        || (c >= 0x1F0CF && c <= 0x1F0CF)
        || (c >= 0x1F18E && c <= 0x1F18E)
        || (c >= 0x1F191 && c <= 0x1F19A)
        || (c >= 0x1F200 && c <= 0x1F251)
        || (c >= 0x1F300 && c <= 0x1F64F)
        || (c >= 0x1F680 && c <= 0x1F6FF)
        || (c >= 0x1F7E0 && c <= 0x1F7EB)
        || (c >= 0x1F90C && c <= 0x1F9FF)
        || (c >= 0x1FA70 && c <= 0x1FAFF)
        || (c >= 0x20000 && c <= 0x3FFFD);
  }
}
