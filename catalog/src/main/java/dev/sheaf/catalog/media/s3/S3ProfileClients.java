package dev.sheaf.catalog.media.s3;

import dev.sheaf.catalog.s3.S3Connection;
import java.time.Duration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The asynchronous S3 client and the presigner of one {@link S3MediaProfile}, configured by its
 * {@link S3Connection} (the same configuration the warehouse's client gets).
 */
record S3ProfileClients(S3MediaProfile profile, S3AsyncClient client, S3Presigner presigner)
    implements AutoCloseable {
  static final int MAX_CONNECTIONS = 128;

  static S3ProfileClients open(S3MediaProfile profile) {
    S3Connection connection = profile.connection();
    S3AsyncClientBuilder builder =
        connection
            .configure(S3AsyncClient.builder())
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .maxConcurrency(MAX_CONNECTIONS)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(60)));
    S3Presigner.Builder presigner =
        S3Presigner.builder()
            .region(Region.of(profile.region()))
            .credentialsProvider(connection.credentials())
            .serviceConfiguration(connection.serviceConfiguration());
    if (profile.endpoint() != null) {
      presigner.endpointOverride(profile.endpoint());
    }
    return new S3ProfileClients(profile, builder.build(), presigner.build());
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
