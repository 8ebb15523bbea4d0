package dev.sheaf.catalog.iceberg;

import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.config.S3Settings.ChecksumMode;
import dev.sheaf.catalog.s3.S3Connection;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.util.Map;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOAwsClientFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client of Iceberg's S3FileIO ({@code s3.client-factory-impl}) from the warehouse's
 * {@link S3Settings} (carried in the FileIO properties) through {@link S3Connection}, the one
 * configuration every Sheaf S3 client gets: checksums only where required with Content-MD5 where an
 * operation needs one (Backblaze B2 and S3Proxy reject the CRC32 headers the SDK sends by default),
 * the profile's attempts with jittered backoff, path-style addressing. Iceberg's HTTP client
 * settings still apply.
 */
public final class S3ClientFactory implements S3FileIOAwsClientFactory {
  private static final long serialVersionUID = 1L;

  private HttpClientProperties httpProperties = new HttpClientProperties();
  private S3Connection connection = S3Settings.defaults().connection();

  @Override
  public void initialize(Map<String, String> properties) {
    this.httpProperties = new HttpClientProperties(properties);
    this.connection = settings(properties).connection();
  }

  /** The warehouse's settings from the properties {@link S3Settings#fileIoProperties} wrote. */
  static S3Settings settings(Map<String, String> properties) {
    S3Settings defaults = S3Settings.defaults();
    String mode = properties.get(S3Settings.CHECKSUM_MODE_PROPERTY);
    String attempts = properties.get(S3Settings.MAX_ATTEMPTS_PROPERTY);
    return new S3Settings(
        properties.get("s3.endpoint"),
        properties.getOrDefault("client.region", defaults.region()),
        properties.get("s3.access-key-id"),
        properties.get("s3.secret-access-key"),
        Boolean.parseBoolean(properties.getOrDefault("s3.path-style-access", "false")),
        mode == null ? ChecksumMode.WHEN_REQUIRED : ChecksumMode.parse(mode),
        attempts == null ? defaults.maxAttempts() : Integer.parseInt(attempts));
  }

  @Override
  public S3Client s3() {
    return connection
        .configure(S3Client.builder())
        .applyMutation(httpProperties::applyHttpClientConfigurations)
        .build();
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
