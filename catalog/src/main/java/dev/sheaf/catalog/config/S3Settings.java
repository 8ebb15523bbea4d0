package dev.sheaf.catalog.config;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.catalog.s3.S3Connection;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How Sheaf reaches the S3-compatible object store of an {@code s3://bucket/prefix} warehouse (AWS
 * S3, Backblaze B2, MinIO, S3Proxy). Ignored for a local warehouse.
 *
 * <p>Backblaze B2: endpoint {@code https://s3.<region>.backblazeb2.com}, the bucket's region (such
 * as {@code us-west-004}), path-style access, and checksum mode {@link ChecksumMode#WHEN_REQUIRED}
 * (the default): B2 rejects the CRC32 checksum headers the AWS SDK sends by default.
 *
 * @param endpoint the service endpoint ({@code http} or {@code https} URI), or null for AWS S3's
 *     regional endpoint
 * @param region the signing region
 * @param accessKeyId the access key id, or null to use the AWS SDK's default credential chain
 *     (environment, profile, instance role)
 * @param secretAccessKey the secret access key, given together with {@code accessKeyId}; never in
 *     {@code toString}, logs or errors
 * @param pathStyleAccess address objects as {@code endpoint/bucket/key} rather than {@code
 *     bucket.endpoint/key}
 * @param checksumMode when the AWS SDK computes request checksums and validates response checksums
 * @param maxAttempts attempts per request, the first included (503 SlowDown, throttling, 5xx and
 *     resets are retried with backoff and jitter)
 */
public record S3Settings(
    String endpoint,
    String region,
    String accessKeyId,
    String secretAccessKey,
    boolean pathStyleAccess,
    ChecksumMode checksumMode,
    int maxAttempts) {
  public static final String DEFAULT_REGION = "us-east-1";

  /**
   * The FileIO property that carries {@link #checksumMode}; read by {@code
   * dev.sheaf.catalog.iceberg.S3ClientFactory}, since Iceberg 1.12's S3FileIO has no setting for
   * it.
   */
  public static final String CHECKSUM_MODE_PROPERTY = "sheaf.s3.checksum-mode";

  /** The FileIO property that carries {@link #maxAttempts}. */
  public static final String MAX_ATTEMPTS_PROPERTY = "sheaf.s3.max-attempts";

  /**
   * When the AWS SDK adds checksums to requests and validates them on responses: the SDK's {@code
   * RequestChecksumCalculation} and {@code ResponseChecksumValidation}.
   */
  public enum ChecksumMode {
    /**
     * Only where the S3 operation requires one, and then as Content-MD5 rather than the SDK's CRC32
     * (DeleteObjects): what B2 and most S3-compatible stores accept.
     */
    WHEN_REQUIRED,
    /** On every operation that supports one (the AWS SDK's default since 2.30). */
    WHEN_SUPPORTED;

    /** Parses {@code when_required} / {@code WHEN-SUPPORTED} and similar spellings. */
    public static ChecksumMode parse(String text) {
      String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (ChecksumMode mode : values()) {
        if (mode.name().equals(name)) {
          return mode;
        }
      }
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 checksum mode '%s': give WHEN_REQUIRED or WHEN_SUPPORTED",
          text);
    }
  }

  public S3Settings {
    requireNonNull(region, "region is null");
    requireNonNull(checksumMode, "checksumMode is null");
    if (region.isBlank()) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use an empty S3 region (give the store's region, such as %s)",
          DEFAULT_REGION);
    }
    if (endpoint != null) {
      checkEndpoint(endpoint);
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 credentials: give both the access key id and the secret access key, or"
              + " neither to use the AWS default credential chain");
    }
    if (maxAttempts < 1) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use %d S3 attempts per request: give 1 or more",
          maxAttempts);
    }
  }

  /**
   * The warehouse reached through a named S3 profile of the media configuration, so the warehouse
   * and media use one profile scheme (B2 kind included): its endpoint, region, keys, addressing and
   * attempts, with checksums only where required.
   */
  public static S3Settings of(S3MediaProfile profile) {
    return new S3Settings(
        profile.endpoint() == null ? null : profile.endpoint().toString(),
        profile.region(),
        profile.accessKey(),
        profile.secretKey(),
        profile.pathStyle(),
        ChecksumMode.WHEN_REQUIRED,
        profile.maxAttempts());
  }

  /** How the warehouse's S3 client reaches the store. */
  public S3Connection connection() {
    return new S3Connection(
        endpoint == null ? null : URI.create(endpoint),
        region,
        accessKeyId,
        secretAccessKey,
        pathStyleAccess,
        checksumMode == ChecksumMode.WHEN_REQUIRED,
        maxAttempts);
  }

  /**
   * AWS S3's regional endpoint in {@value #DEFAULT_REGION}, the default credential chain,
   * virtual-host addressing, checksums only where required.
   */
  public static S3Settings defaults() {
    return new S3Settings(
        null,
        DEFAULT_REGION,
        null,
        null,
        false,
        ChecksumMode.WHEN_REQUIRED,
        S3MediaProfile.DEFAULT_MAX_ATTEMPTS);
  }

  public S3Settings withEndpoint(String endpoint) {
    return new S3Settings(
        endpoint, region, accessKeyId, secretAccessKey, pathStyleAccess, checksumMode, maxAttempts);
  }

  public S3Settings withRegion(String region) {
    return new S3Settings(
        endpoint, region, accessKeyId, secretAccessKey, pathStyleAccess, checksumMode, maxAttempts);
  }

  public S3Settings withCredentials(String accessKeyId, String secretAccessKey) {
    return new S3Settings(
        endpoint, region, accessKeyId, secretAccessKey, pathStyleAccess, checksumMode, maxAttempts);
  }

  public S3Settings withPathStyleAccess(boolean pathStyleAccess) {
    return new S3Settings(
        endpoint, region, accessKeyId, secretAccessKey, pathStyleAccess, checksumMode, maxAttempts);
  }

  public S3Settings withChecksumMode(ChecksumMode checksumMode) {
    return new S3Settings(
        endpoint, region, accessKeyId, secretAccessKey, pathStyleAccess, checksumMode, maxAttempts);
  }

  /** The properties Iceberg's S3FileIO (and Sheaf's S3 client factory) read. */
  public Map<String, String> fileIoProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    if (endpoint != null) {
      properties.put("s3.endpoint", endpoint);
    }
    properties.put("client.region", region);
    if (accessKeyId != null) {
      properties.put("s3.access-key-id", accessKeyId);
      properties.put("s3.secret-access-key", secretAccessKey);
    }
    properties.put("s3.path-style-access", String.valueOf(pathStyleAccess));
    properties.put(CHECKSUM_MODE_PROPERTY, checksumMode.name());
    properties.put(MAX_ATTEMPTS_PROPERTY, String.valueOf(maxAttempts));
    return properties;
  }

  private static void checkEndpoint(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 endpoint '%s': give an http or https URL such as"
              + " https://s3.us-west-004.backblazeb2.com",
          endpoint);
    }
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + endpoint
        + ", region="
        + region
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? "null" : "***")
        + ", pathStyleAccess="
        + pathStyleAccess
        + ", checksumMode="
        + checksumMode
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }
}
