package dev.sheaf.server.auth;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Stored passwords: PBKDF2 with HMAC-SHA256, a random 16-byte salt, written as {@code
 * pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>} (format version: the prefix). Checking
 * is constant-time; the clear password is never kept.
 */
public final class PasswordHash {
  static final String PREFIX = "pbkdf2-sha256";
  static final int ITERATIONS = 210_000;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** A new stored form of a password. */
  public static String create(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, ITERATIONS);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "$"
        + ITERATIONS
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  /** Whether a password matches a stored form. */
  public static boolean matches(char[] password, String stored) {
    String[] parts = parse(stored);
    Base64.Decoder base64 = Base64.getDecoder();
    byte[] salt = base64.decode(parts[2]);
    byte[] expected = base64.decode(parts[3]);
    byte[] actual = derive(password, salt, Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  /** Fails with INVALID_CONFIGURATION unless the text is a stored form this class writes. */
  public static void check(String stored) {
    parse(stored);
  }

  private static String[] parse(String stored) {
    String[] parts = stored.split("\\$");
    boolean valid = parts.length == 4 && parts[0].equals(PREFIX);
    try {
      valid = valid && Integer.parseInt(parts[1]) >= 10_000;
      Base64.getDecoder().decode(parts[2]);
      Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      valid = false;
    }
    if (!valid) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot read a password hash: expected %s$<iterations>$<salt>$<hash> (make one with"
              + " 'sheaf hash-password')",
          PREFIX);
    }
    return parts;
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(spec)
            .getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new SheafException(ErrorCode.INTERNAL_ERROR, "Cannot hash a password: " + e, e);
    }
  }
}
