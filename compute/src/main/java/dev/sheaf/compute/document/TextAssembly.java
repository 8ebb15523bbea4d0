package dev.sheaf.compute.document;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link DocumentText} block by block: each block's text is appended after a blank line,
 * its offsets and (for headings) its level recorded. Blank blocks are dropped.
 */
final class TextAssembly {
  private final StringBuilder text = new StringBuilder();
  private final List<TextBlock> blocks = new ArrayList<>();
  private final List<DocumentHeading> headings = new ArrayList<>();

  /** Appends a paragraph or code block; leading and trailing white space is dropped. */
  void block(String content, TextBlock.Kind kind) {
    String stripped = kind == TextBlock.Kind.CODE ? stripLines(content) : content.strip();
    if (stripped.isEmpty()) {
      return;
    }
    if (!text.isEmpty()) {
      text.append("\n\n");
    }
    int start = text.length();
    text.append(stripped);
    blocks.add(new TextBlock(start, text.length(), kind));
  }

  /** Appends a heading of {@code level} (1 to 6). */
  void heading(String title, int level) {
    String stripped = title.strip();
    if (stripped.isEmpty()) {
      return;
    }
    int before = blocks.size();
    block(stripped, TextBlock.Kind.HEADING);
    if (blocks.size() > before) {
      headings.add(new DocumentHeading(blocks.getLast().start(), level, stripped));
    }
  }

  /** The text so far (for page offsets). */
  int length() {
    return text.length();
  }

  DocumentText build(DocumentFormat format, DocumentInfo info) {
    return new DocumentText(format, text.toString(), blocks, headings, 1, List.of(), info);
  }

  /** Drops blank lines before and after a code block, and trailing white space. */
  private static String stripLines(String content) {
    String[] lines = content.split("\n", -1);
    int first = 0;
    int last = lines.length - 1;
    while (first <= last && lines[first].isBlank()) {
      first++;
    }
    while (last >= first && lines[last].isBlank()) {
      last--;
    }
    StringBuilder out = new StringBuilder();
    for (int i = first; i <= last; i++) {
      if (i > first) {
        out.append('\n');
      }
      out.append(lines[i].stripTrailing());
    }
    return out.toString();
  }
}
