package dev.sheaf.compute.document;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain text: UTF-8 (a byte-order mark dropped), UTF-16 or UTF-32 by their byte-order marks, UTF-16
 * without one when nearly every other byte is NUL (ASCII-heavy text); anything else that is not
 * valid UTF-8 is an error naming the first bad byte (Sheaf does not guess legacy 8-bit encodings).
 * Line ends become {@code \n}; paragraphs are runs of lines between blank lines.
 */
final class PlainText {
  private PlainText() {}

  static DocumentText read(String uri, byte[] bytes) {
    String text = decode(uri, bytes);
    return new DocumentText(
        DocumentFormat.TEXT,
        text,
        paragraphs(text, 0, text.length()),
        List.of(),
        1,
        List.of(),
        DocumentInfo.NONE);
  }

  /** The text of bytes in the encoding found as described above, line ends as {@code \n}. */
  static String decode(String uri, byte[] bytes) {
    String text;
    if (starts(bytes, 0xEF, 0xBB, 0xBF)) {
      text = strict(uri, bytes, 3, StandardCharsets.UTF_8);
    } else if (starts(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
      text = strict(uri, bytes, 4, Charset.forName("UTF-32LE"));
    } else if (starts(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
      text = strict(uri, bytes, 4, Charset.forName("UTF-32BE"));
    } else if (starts(bytes, 0xFF, 0xFE)) {
      text = strict(uri, bytes, 2, StandardCharsets.UTF_16LE);
    } else if (starts(bytes, 0xFE, 0xFF)) {
      text = strict(uri, bytes, 2, StandardCharsets.UTF_16BE);
    } else {
      Charset utf16 = utf16WithoutMark(bytes);
      if (utf16 != null) {
        text = strict(uri, bytes, 0, utf16);
      } else {
        for (byte b : bytes) {
          if (b == 0) {
            throw DocumentErrors.notText(uri, "it holds binary data (NUL bytes)");
          }
        }
        text = strict(uri, bytes, 0, StandardCharsets.UTF_8);
      }
    }
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** The blocks of {@code text[from, to)}: maximal runs of non-blank lines, stripped. */
  static List<TextBlock> paragraphs(String text, int from, int to) {
    List<TextBlock> blocks = new ArrayList<>();
    int lineStart = from;
    int blockStart = -1;
    int blockEnd = -1;
    while (lineStart <= to) {
      int newline = text.indexOf('\n', lineStart);
      int lineEnd = newline < 0 || newline > to ? to : newline;
      int first = lineStart;
      while (first < lineEnd && Character.isWhitespace(text.charAt(first))) {
        first++;
      }
      if (first == lineEnd) {
        if (blockStart >= 0) {
          blocks.add(new TextBlock(blockStart, blockEnd, TextBlock.Kind.PARAGRAPH));
          blockStart = -1;
        }
      } else {
        int last = lineEnd;
        while (last > first && Character.isWhitespace(text.charAt(last - 1))) {
          last--;
        }
        if (blockStart < 0) {
          blockStart = first;
        }
        blockEnd = last;
      }
      lineStart = lineEnd + 1;
    }
    if (blockStart >= 0) {
      blocks.add(new TextBlock(blockStart, blockEnd, TextBlock.Kind.PARAGRAPH));
    }
    return blocks;
  }

  private static Charset utf16WithoutMark(byte[] bytes) {
    if (bytes.length < 4 || bytes.length % 2 != 0) {
      return null;
    }
    int evenZeros = 0;
    int oddZeros = 0;
    for (int i = 0; i < bytes.length; i += 2) {
      evenZeros += bytes[i] == 0 ? 1 : 0;
      oddZeros += bytes[i + 1] == 0 ? 1 : 0;
    }
    int pairs = bytes.length / 2;
    if (oddZeros * 10 >= pairs * 3 && evenZeros * 20 <= oddZeros) {
      return StandardCharsets.UTF_16LE;
    }
    if (evenZeros * 10 >= pairs * 3 && oddZeros * 20 <= evenZeros) {
      return StandardCharsets.UTF_16BE;
    }
    return null;
  }

  private static String strict(String uri, byte[] bytes, int offset, Charset charset) {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    try {
      CharBuffer chars = decoder.decode(input);
      return chars.toString();
    } catch (MalformedInputException e) {
      int at = input.position();
      throw DocumentErrors.notText(
          uri,
          String.format(
              "the byte 0x%02X at offset %d is not %s", bytes[at] & 0xFF, at, charset.name()));
    } catch (CharacterCodingException e) {
      throw DocumentErrors.notText(uri, "it is not " + charset.name());
    }
  }

  private static boolean starts(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
