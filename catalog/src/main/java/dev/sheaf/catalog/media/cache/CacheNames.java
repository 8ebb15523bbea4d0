package dev.sheaf.catalog.media.cache;

import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * File names of cached bytes, version 1: {@code <sha256>-<size>.blob}, where the hash covers the
 * URI, ETag, version id and range and the size is what the file must hold. The name is the whole
 * index: a restart finds every entry by listing the directory, and a file whose size differs from
 * its name is dropped. Downloads go to {@code <name>.tmp-<random>} and are renamed atomically.
 */
final class CacheNames {
  static final String SUFFIX = ".blob";
  static final String TEMP_MARKER = ".tmp-";

  private CacheNames() {}

  static String name(BlobPin pin, ByteRange range, long size) {
    String identity =
        "v1\n"
            + pin.uri()
            + "\n"
            + pin.etag()
            + "\n"
            + pin.versionId()
            + "\n"
            + range.offset()
            + "\n"
            + range.length();
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash) + "-" + size + SUFFIX;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The size a cache file's name promises, or empty for a file that is not a cache entry. */
  static Optional<Long> size(String fileName) {
    if (!fileName.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    int dash = fileName.lastIndexOf('-');
    if (dash != 64) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(fileName.substring(dash + 1, fileName.length() - 5)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static boolean isTemporary(String fileName) {
    return fileName.contains(TEMP_MARKER);
  }

  /** The bytes a range of a pinned object holds. */
  static long expectedSize(BlobPin pin, ByteRange range) {
    long rest = Math.max(0, pin.size() - range.offset());
    return range.length() < 0 ? rest : Math.min(range.length(), rest);
  }
}
