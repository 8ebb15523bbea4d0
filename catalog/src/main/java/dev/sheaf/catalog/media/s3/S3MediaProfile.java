package dev.sheaf.catalog.media.s3;

import static java.util.Objects.requireNonNull;

import dev.sheaf.catalog.s3.S3Connection;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How to reach the buckets of one S3-compatible store (AWS S3, Backblaze B2, MinIO, S3Proxy).
 * {@link S3MediaStore} picks the first profile whose bucket patterns match a URI's bucket.
 *
 * <p>Backblaze B2 ({@link Kind#B2}, see {@link #b2}): endpoint {@code
 * https://s3.<region>.backblazeb2.com}, the bucket's region (such as {@code us-west-004}),
 * path-style addressing (required), request checksums and response validation only when required
 * (every profile's client does that), no conditional writes, and {@value #B2_MAX_ATTEMPTS} attempts
 * with backoff and jitter for 503 SlowDown.
 *
 * @param name names the profile in configuration and messages
 * @param kind the kind of store: plain S3-compatible, or B2 with its required settings checked
 * @param endpoint the service endpoint, or null for AWS S3's regional endpoint
 * @param region the signing region
 * @param accessKey the access key id, or null for the AWS SDK's default credential chain
 *     (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, profiles, instance roles)
 * @param secretKey given together with {@code accessKey}; never in {@code toString}, logs or errors
 * @param pathStyle address objects as {@code endpoint/bucket/key} (B2, MinIO, S3Proxy)
 * @param bucketPatterns bucket names this profile serves; {@code *} matches any characters, so
 *     {@code ["*"]} serves every bucket
 * @param maxAttempts attempts per request, the first included: 503 SlowDown, throttling, 5xx and
 *     connection resets are retried with exponential backoff and full jitter
 */
public record S3MediaProfile(
    String name,
    Kind kind,
    URI endpoint,
    String region,
    String accessKey,
    String secretKey,
    boolean pathStyle,
    List<String> bucketPatterns,
    int maxAttempts) {
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** B2 answers 503 SlowDown under load more readily than S3: more room for retries. */
  public static final int B2_MAX_ATTEMPTS = 8;

  /** The kinds of S3-compatible store a profile may name. */
  public enum Kind {
    /** AWS S3, MinIO, S3Proxy and other S3-compatible servers. */
    S3,
    /** Backblaze B2 through its S3-compatible endpoint. */
    B2;

    /** Reads {@code s3} or {@code b2} (any case). */
    public static Kind parse(String text, String profile) {
      for (Kind kind : values()) {
        if (kind.name().equalsIgnoreCase(text.trim())) {
          return kind;
        }
      }
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': kind '%s' is unknown (give s3 or b2)",
          profile,
          text);
    }
  }

  public S3MediaProfile {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(region, "region is null");
    bucketPatterns = List.copyOf(requireNonNull(bucketPatterns, "bucketPatterns is null"));
    if (endpoint != null
        && (endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': endpoint '%s' is not an http or https URL (give one"
              + " such as https://s3.us-west-004.backblazeb2.com)",
          name,
          endpoint);
    }
    if ((accessKey == null) != (secretKey == null)) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': give both the access key and the secret key, or"
              + " neither to use the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
          name);
    }
    if (kind == Kind.B2 && !pathStyle) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': B2 needs path-style addressing (drop path-style ="
              + " false, or use kind s3)",
          name);
    }
    if (kind == Kind.B2 && endpoint == null) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': a B2 profile needs its endpoint or region (such as"
              + " us-west-004)",
          name);
    }
    if (maxAttempts < 1) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use S3 media profile '%s': maxAttempts is %d (give 1 or more)",
          name,
          maxAttempts);
    }
  }

  /**
   * A profile for every bucket of one endpoint with path-style addressing and {@value
   * #DEFAULT_MAX_ATTEMPTS} attempts.
   */
  public static S3MediaProfile of(
      String name, URI endpoint, String region, String accessKey, String secretKey) {
    return new S3MediaProfile(
        name,
        Kind.S3,
        endpoint,
        region,
        accessKey,
        secretKey,
        true,
        List.of("*"),
        DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * A Backblaze B2 profile for every bucket of a region ({@code us-west-004}): endpoint {@code
   * https://s3.<region>.backblazeb2.com}, path-style, {@value #B2_MAX_ATTEMPTS} attempts.
   */
  public static S3MediaProfile b2(String name, String region, String accessKey, String secretKey) {
    return new S3MediaProfile(
        name,
        Kind.B2,
        b2Endpoint(region),
        region,
        accessKey,
        secretKey,
        true,
        List.of("*"),
        B2_MAX_ATTEMPTS);
  }

  /** B2's S3-compatible endpoint for a region. */
  public static URI b2Endpoint(String region) {
    if (!region.matches("[a-z0-9-]+")) {
      throw SheafException.of(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use B2 region '%s': give a region such as us-west-004",
          region);
    }
    return URI.create("https://s3." + region + ".backblazeb2.com");
  }

  public S3MediaProfile withEndpoint(URI endpoint) {
    return new S3MediaProfile(
        name, kind, endpoint, region, accessKey, secretKey, pathStyle, bucketPatterns, maxAttempts);
  }

  public S3MediaProfile withCredentials(String accessKey, String secretKey) {
    return new S3MediaProfile(
        name, kind, endpoint, region, accessKey, secretKey, pathStyle, bucketPatterns, maxAttempts);
  }

  public S3MediaProfile withBucketPatterns(List<String> bucketPatterns) {
    return new S3MediaProfile(
        name, kind, endpoint, region, accessKey, secretKey, pathStyle, bucketPatterns, maxAttempts);
  }

  public S3MediaProfile withMaxAttempts(int maxAttempts) {
    return new S3MediaProfile(
        name, kind, endpoint, region, accessKey, secretKey, pathStyle, bucketPatterns, maxAttempts);
  }

  public S3MediaProfile withPathStyle(boolean pathStyle) {
    return new S3MediaProfile(
        name, kind, endpoint, region, accessKey, secretKey, pathStyle, bucketPatterns, maxAttempts);
  }

  /** How a client reaches this profile's store (checksums only where required, retries). */
  public S3Connection connection() {
    return new S3Connection(endpoint, region, accessKey, secretKey, pathStyle, true, maxAttempts);
  }

  /** True when one of the bucket patterns matches the bucket name. */
  public boolean serves(String bucket) {
    for (String pattern : bucketPatterns) {
      if (globToRegex(pattern).matcher(bucket).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return "S3MediaProfile[name="
        + name
        + ", kind="
        + kind
        + ", endpoint="
        + endpoint
        + ", region="
        + region
        + ", accessKey="
        + (accessKey == null ? "null" : "***")
        + ", secretKey="
        + (secretKey == null ? "null" : "***")
        + ", pathStyle="
        + pathStyle
        + ", bucketPatterns="
        + bucketPatterns
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }
}
