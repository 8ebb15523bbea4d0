package dev.sheaf.catalog.media;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.types.TypeKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A media format as told by an object's first bytes (its magic number), and the kind of media
 * column it belongs in: IMAGE (jpeg, png, gif, webp, bmp, tiff), VIDEO (mp4, mov, webm, mkv, avi,
 * flv, mpeg), AUDIO (wav, mp3, flac, ogg, m4a, aac), DOCUMENT (pdf, zip-based office files, rtf,
 * html, plain UTF-8 text).
 */
public record MediaFormat(String name, TypeKind kind) {
  /** How many leading bytes {@link #sniff} looks at. */
  public static final int HEAD_BYTES = 64;

  public MediaFormat {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
  }

  /** The format of an object whose first bytes are {@code head}, or empty when unknown. */
  public static Optional<MediaFormat> sniff(byte[] head) {
    String name = name(head);
    return name == null ? Optional.empty() : Optional.of(new MediaFormat(name, kindOf(name)));
  }

  private static String name(byte[] b) {
    if (starts(b, 0, 0xFF, 0xD8, 0xFF)) {
      return "jpeg";
    }
    if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "png";
    }
    if (text(b, 0, "GIF87a") || text(b, 0, "GIF89a")) {
      return "gif";
    }
    if (text(b, 0, "RIFF")) {
      return text(b, 8, "WEBP")
          ? "webp"
          : text(b, 8, "WAVE") ? "wav" : text(b, 8, "AVI ") ? "avi" : null;
    }
    if (text(b, 0, "BM") && b.length >= 26) {
      return "bmp";
    }
    if (starts(b, 0, 'I', 'I', 0x2A, 0x00) || starts(b, 0, 'M', 'M', 0x00, 0x2A)) {
      return "tiff";
    }
    if (text(b, 4, "ftyp")) {
      return text(b, 8, "M4A ") || text(b, 8, "M4B ") ? "m4a" : text(b, 8, "qt  ") ? "mov" : "mp4";
    }
    if (starts(b, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
      return contains(b, "webm") ? "webm" : "mkv";
    }
    if (text(b, 0, "FLV")) {
      return "flv";
    }
    if (starts(b, 0, 0x00, 0x00, 0x01, 0xBA) || starts(b, 0, 0x00, 0x00, 0x01, 0xB3)) {
      return "mpeg";
    }
    if (text(b, 0, "fLaC")) {
      return "flac";
    }
    if (text(b, 0, "OggS")) {
      return "ogg";
    }
    if (text(b, 0, "ID3") || (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE6) == 0xE2)) {
      return "mp3";
    }
    if (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xF6) == 0xF0) {
      return "aac";
    }
    if (text(b, 0, "%PDF")) {
      return "pdf";
    }
    if (starts(b, 0, 'P', 'K', 0x03, 0x04)) {
      return "zip";
    }
    if (text(b, 0, "{\\rtf")) {
      return "rtf";
    }
    String lower = new String(b, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase();
    if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
      return "html";
    }
    return isText(b) ? "text" : null;
  }

  private static TypeKind kindOf(String name) {
    return switch (name) {
      case "jpeg", "png", "gif", "webp", "bmp", "tiff" -> TypeKind.IMAGE;
      case "mp4", "mov", "webm", "mkv", "avi", "flv", "mpeg" -> TypeKind.VIDEO;
      case "wav", "mp3", "flac", "ogg", "m4a", "aac" -> TypeKind.AUDIO;
      default -> TypeKind.DOCUMENT;
    };
  }

  private static boolean starts(byte[] b, int at, int... expected) {
    if (b.length < at + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((b[at + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean text(byte[] b, int at, String expected) {
    byte[] bytes = expected.getBytes(StandardCharsets.ISO_8859_1);
    return b.length >= at + bytes.length
        && Arrays.equals(b, at, at + bytes.length, bytes, 0, bytes.length);
  }

  private static boolean contains(byte[] b, String expected) {
    return new String(b, StandardCharsets.ISO_8859_1).contains(expected);
  }

  /** Non-empty, no NUL or other control bytes but tab, CR and LF: plain text (ASCII or UTF-8). */
  private static boolean isText(byte[] b) {
    if (b.length == 0) {
      return false;
    }
    for (byte value : b) {
      int c = value & 0xFF;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
    }
    return true;
  }
}
