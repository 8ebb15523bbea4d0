package dev.sheaf.catalog.media;

import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The entity tag of a local file: the first 16 bytes of SHA-256 over its size, modification time
 * (nanoseconds) and file key (device and inode where the file system has them), in hex. It changes
 * when a file is replaced or rewritten; a rewrite of the same size within the file system's time
 * resolution that keeps the inode is the one change it cannot see (ext4 and xfs keep nanoseconds).
 */
final class LocalEtag {
  private LocalEtag() {}

  static String of(BasicFileAttributes attributes) {
    String text =
        attributes.size()
            + "|"
            + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)
            + "|"
            + attributes.fileKey();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
