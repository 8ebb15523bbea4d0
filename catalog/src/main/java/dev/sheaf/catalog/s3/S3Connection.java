package dev.sheaf.catalog.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * How every S3 client of Sheaf reaches an S3-compatible store: the warehouse's (Iceberg's S3FileIO,
 * synchronous) and the media stores' (asynchronous) are configured by this one piece, so the
 * workarounds S3-compatible stores need are written once:
 *
 * <ul>
 *   <li>Request checksums and response validation only WHEN_REQUIRED (Backblaze B2 and S3Proxy
 *       reject the CRC32 headers the AWS SDK sends by default), and Content-MD5 instead of CRC32 on
 *       the operations that require a checksum ({@link Md5ChecksumInterceptor}).
 *   <li>The SDK's standard retry strategy with {@code maxAttempts} attempts, exponential backoff
 *       with full jitter, and a longer backoff for throttling (B2's 503 SlowDown).
 *   <li>Path-style addressing where the store needs it (B2, MinIO, S3Proxy).
 * </ul>
 *
 * @param endpoint the service endpoint, or null for AWS S3's regional endpoint
 * @param accessKey the access key id, or null for the AWS SDK's default credential chain
 * @param secretKey given with {@code accessKey}; never in {@code toString}
 * @param checksumsWhenRequired false only to let the SDK add checksums to every request (AWS S3)
 */
public record S3Connection(
    URI endpoint,
    String region,
    String accessKey,
    String secretKey,
    boolean pathStyle,
    boolean checksumsWhenRequired,
    int maxAttempts) {
  static final Duration BASE_DELAY = Duration.ofMillis(100);
  static final Duration MAX_DELAY = Duration.ofSeconds(10);
  static final Duration THROTTLING_BASE_DELAY = Duration.ofMillis(250);
  static final Duration THROTTLING_MAX_DELAY = Duration.ofSeconds(20);

  public S3Connection {
    requireNonNull(region, "region is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** Applies the connection to a synchronous or asynchronous S3 client builder. */
  public <B extends S3BaseClientBuilder<B, C>, C> B configure(B builder) {
    RetryStrategy retries =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(maxAttempts)
            .backoffStrategy(BackoffStrategy.exponentialDelay(BASE_DELAY, MAX_DELAY))
            .throttlingBackoffStrategy(
                BackoffStrategy.exponentialDelay(THROTTLING_BASE_DELAY, THROTTLING_MAX_DELAY))
            .build();
    builder
        .region(Region.of(region))
        .credentialsProvider(credentials())
        .serviceConfiguration(serviceConfiguration())
        .requestChecksumCalculation(
            checksumsWhenRequired
                ? RequestChecksumCalculation.WHEN_REQUIRED
                : RequestChecksumCalculation.WHEN_SUPPORTED)
        .responseChecksumValidation(
            checksumsWhenRequired
                ? ResponseChecksumValidation.WHEN_REQUIRED
                : ResponseChecksumValidation.WHEN_SUPPORTED)
        .overrideConfiguration(
            override -> {
              override.retryStrategy(retries);
              if (checksumsWhenRequired) {
                override.addExecutionInterceptor(new Md5ChecksumInterceptor());
              }
            });
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  /** Path-style addressing as configured. */
  public S3Configuration serviceConfiguration() {
    return S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build();
  }

  /** The static keys, or the AWS SDK's default chain when none are given. */
  public AwsCredentialsProvider credentials() {
    if (accessKey != null) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public String toString() {
    return "S3Connection[endpoint="
        + endpoint
        + ", region="
        + region
        + ", accessKey="
        + (accessKey == null ? "null" : "***")
        + ", secretKey="
        + (secretKey == null ? "null" : "***")
        + ", pathStyle="
        + pathStyle
        + ", checksumsWhenRequired="
        + checksumsWhenRequired
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }
}
