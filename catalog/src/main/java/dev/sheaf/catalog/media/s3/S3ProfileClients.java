package dev.sheaf.catalog.media.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The asynchronous S3 client and the presigner of one {@link S3MediaProfile}, configured for
 * S3-compatible stores: path-style addressing as the profile says, request checksums and response
 * validation only WHEN_REQUIRED (Backblaze B2 rejects the SDK's default CRC headers), and the SDK's
 * standard retry strategy with the profile's attempts and full-jitter exponential backoff.
 */
record S3ProfileClients(S3MediaProfile profile, S3AsyncClient client, S3Presigner presigner)
    implements AutoCloseable {
  static final Duration BASE_DELAY = Duration.ofMillis(100);
  static final Duration MAX_DELAY = Duration.ofSeconds(10);
  static final Duration THROTTLING_BASE_DELAY = Duration.ofMillis(250);
  static final Duration THROTTLING_MAX_DELAY = Duration.ofSeconds(20);
  static final int MAX_CONNECTIONS = 128;

  static S3ProfileClients open(S3MediaProfile profile) {
    AwsCredentialsProvider credentials = credentials(profile);
    S3Configuration serviceConfiguration =
        S3Configuration.builder().pathStyleAccessEnabled(profile.pathStyle()).build();
    RetryStrategy retries =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(profile.maxAttempts())
            .backoffStrategy(BackoffStrategy.exponentialDelay(BASE_DELAY, MAX_DELAY))
            .throttlingBackoffStrategy(
                BackoffStrategy.exponentialDelay(THROTTLING_BASE_DELAY, THROTTLING_MAX_DELAY))
            .build();
    S3AsyncClientBuilder builder =
        S3AsyncClient.builder()
            .region(Region.of(profile.region()))
            .credentialsProvider(credentials)
            .serviceConfiguration(serviceConfiguration)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(override -> override.retryStrategy(retries))
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .maxConcurrency(MAX_CONNECTIONS)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(60)));
    S3Presigner.Builder presigner =
        S3Presigner.builder()
            .region(Region.of(profile.region()))
            .credentialsProvider(credentials)
            .serviceConfiguration(serviceConfiguration);
    if (profile.endpoint() != null) {
      builder.endpointOverride(profile.endpoint());
      presigner.endpointOverride(profile.endpoint());
    }
    return new S3ProfileClients(profile, builder.build(), presigner.build());
  }

  private static AwsCredentialsProvider credentials(S3MediaProfile profile) {
    if (profile.accessKey() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(profile.accessKey(), profile.secretKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public void close() {
    try (S3AsyncClient closingClient = client;
        S3Presigner closingPresigner = presigner) {
      // both closed, even when one fails
    }
  }

  @Override
  public String toString() {
    return "S3ProfileClients[" + profile + "]";
  }
}
