package dev.sheaf.compute.document;

/**
 * Converts between code point offsets (what Sheaf's SQL text functions and the tokenizer count) and
 * UTF-16 indices (Java's strings) of one text; free when the text has no surrogate pairs.
 */
final class CodePointIndex {
  /** UTF-16 index of each code point offset, or null when they are equal. */
  private final int[] utf16;

  /** Code point offset of each UTF-16 index, or null when they are equal. */
  private final int[] codePoints;

  private CodePointIndex(int[] utf16, int[] codePoints) {
    this.utf16 = utf16;
    this.codePoints = codePoints;
  }

  static CodePointIndex of(String text) {
    int count = text.codePointCount(0, text.length());
    if (count == text.length()) {
      return new CodePointIndex(null, null);
    }
    int[] utf16 = new int[count + 1];
    int[] codePoints = new int[text.length() + 1];
    int point = 0;
    for (int i = 0; i < text.length(); ) {
      utf16[point] = i;
      int width = Character.charCount(text.codePointAt(i));
      for (int k = 0; k < width; k++) {
        codePoints[i + k] = point;
      }
      i += width;
      point++;
    }
    utf16[count] = text.length();
    codePoints[text.length()] = count;
    return new CodePointIndex(utf16, codePoints);
  }

  int utf16(int codePoint) {
    return utf16 == null ? codePoint : utf16[codePoint];
  }

  int codePoint(int utf16Index) {
    return codePoints == null ? utf16Index : codePoints[utf16Index];
  }
}
