package dev.sheaf.catalog.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A running digest (SHA-256 or MD5) of the bytes read so far. */
final class ObjectDigest {
  private final MessageDigest digest;

  private ObjectDigest(String algorithm) {
    try {
      this.digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }

  static ObjectDigest sha256() {
    return new ObjectDigest("SHA-256");
  }

  static ObjectDigest md5() {
    return new ObjectDigest("MD5");
  }

  ObjectDigest update(byte[] bytes, int offset, int length) {
    digest.update(bytes, offset, length);
    return this;
  }

  ObjectDigest update(byte[] bytes) {
    return update(bytes, 0, bytes.length);
  }

  /** The digest of everything given; the digest starts over. */
  byte[] finish() {
    return digest.digest();
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** The S3 entity tag of a multipart object: MD5 of the parts' MD5s, then '-' and the count. */
  static String multipartEtag(java.util.List<byte[]> partMd5s) {
    ObjectDigest joined = md5();
    partMd5s.forEach(joined::update);
    return hex(joined.finish()) + "-" + partMd5s.size();
  }
}
