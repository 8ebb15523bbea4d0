package dev.sheaf.catalog.media.s3;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How to reach the buckets of one S3-compatible store (AWS S3, Backblaze B2, MinIO, S3Proxy).
 * {@link S3MediaStore} picks the first profile whose bucket patterns match a URI's bucket.
 *
 * <p>Backblaze B2: endpoint {@code https://s3.<region>.backblazeb2.com}, the bucket's region (such
 * as {@code us-west-004}), {@code pathStyle} true.
 *
 * @param name names the profile in configuration and messages
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
    URI endpoint,
    String region,
    String accessKey,
    String secretKey,
    boolean pathStyle,
    List<String> bucketPatterns,
    int maxAttempts) {
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  public S3MediaProfile {
    requireNonNull(name, "name is null");
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
        name, endpoint, region, accessKey, secretKey, true, List.of("*"), DEFAULT_MAX_ATTEMPTS);
  }

  public S3MediaProfile withBucketPatterns(List<String> bucketPatterns) {
    return new S3MediaProfile(
        name, endpoint, region, accessKey, secretKey, pathStyle, bucketPatterns, maxAttempts);
  }

  public S3MediaProfile withMaxAttempts(int maxAttempts) {
    return new S3MediaProfile(
        name, endpoint, region, accessKey, secretKey, pathStyle, bucketPatterns, maxAttempts);
  }

  public S3MediaProfile withPathStyle(boolean pathStyle) {
    return new S3MediaProfile(
        name, endpoint, region, accessKey, secretKey, pathStyle, bucketPatterns, maxAttempts);
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
