package dev.sheaf.catalog.iceberg;

import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.config.S3Settings.ChecksumMode;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Map;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOAwsClientFactory;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client of Iceberg's S3FileIO ({@code s3.client-factory-impl}) as Iceberg's default
 * factory does, plus the checksum mode of {@link S3Settings}: Iceberg 1.12 has no property for the
 * SDK's request checksum calculation and response checksum validation, and Backblaze B2 rejects the
 * CRC32 headers the SDK sends by default. Setting it per client, rather than through the SDK's
 * {@code aws.requestChecksumCalculation} system properties, leaves other clients in the JVM alone.
 * In that mode operations that require a checksum (DeleteObjects) carry Content-MD5 instead of
 * CRC32 ({@link Md5ChecksumInterceptor}).
 */
public final class S3ClientFactory implements S3FileIOAwsClientFactory {
  private static final long serialVersionUID = 1L;

  private S3FileIOProperties s3Properties = new S3FileIOProperties();
  private HttpClientProperties httpProperties = new HttpClientProperties();
  private AwsClientProperties clientProperties = new AwsClientProperties();
  private ChecksumMode checksumMode = ChecksumMode.WHEN_REQUIRED;

  @Override
  public void initialize(Map<String, String> properties) {
    this.s3Properties = new S3FileIOProperties(properties);
    this.httpProperties = new HttpClientProperties(properties);
    this.clientProperties = new AwsClientProperties(properties);
    String mode = properties.get(S3Settings.CHECKSUM_MODE_PROPERTY);
    this.checksumMode = mode == null ? ChecksumMode.WHEN_REQUIRED : ChecksumMode.parse(mode);
  }

  @Override
  public S3Client s3() {
    boolean required = checksumMode == ChecksumMode.WHEN_REQUIRED;
    return S3Client.builder()
        .applyMutation(clientProperties::applyClientRegionConfiguration)
        .applyMutation(httpProperties::applyHttpClientConfigurations)
        .applyMutation(s3Properties::applyEndpointConfigurations)
        .applyMutation(s3Properties::applyServiceConfigurations)
        .applyMutation(
            client -> s3Properties.applyCredentialConfigurations(clientProperties, client))
        .applyMutation(s3Properties::applySignerConfiguration)
        .applyMutation(s3Properties::applyUserAgentConfigurations)
        .applyMutation(s3Properties::applyRetryConfigurations)
        .applyMutation(builder -> addMd5Interceptor(builder, required))
        .requestChecksumCalculation(
            required
                ? RequestChecksumCalculation.WHEN_REQUIRED
                : RequestChecksumCalculation.WHEN_SUPPORTED)
        .responseChecksumValidation(
            required
                ? ResponseChecksumValidation.WHEN_REQUIRED
                : ResponseChecksumValidation.WHEN_SUPPORTED)
        .build();
  }

  private static void addMd5Interceptor(S3ClientBuilder builder, boolean required) {
    if (required) {
      // keeps the override configuration Iceberg set (retries, user agent)
      builder.overrideConfiguration(
          builder.overrideConfiguration().toBuilder()
              .addExecutionInterceptor(new Md5ChecksumInterceptor())
              .build());
    }
  }

  /** Sheaf ships no asynchronous HTTP client: S3 CRT and the analytics accelerator are off. */
  @Override
  public S3AsyncClient s3Async() {
    throw SheafException.of(
        ErrorCode.NOT_SUPPORTED,
        "Cannot open an asynchronous S3 client: Sheaf's warehouse uses the synchronous client"
            + " (leave s3.crt.enabled and s3.analytics-accelerator.enabled off)");
  }
}
