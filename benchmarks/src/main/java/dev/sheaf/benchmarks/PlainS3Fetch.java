package dev.sheaf.benchmarks;

import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.spi.media.BlobPin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The peer of the media cache's cold fetch: a plain AWS SDK v2 async client (netty, path-style,
 * checksums when required, as Sheaf's) that GETs every object into a file of its own, with at most
 * {@code concurrency} requests in flight.
 */
final class PlainS3Fetch implements AutoCloseable {
  private final S3AsyncClient client;
  private final String bucket;

  PlainS3Fetch(S3MediaProfile profile, String bucket) {
    this.bucket = bucket;
    this.client =
        S3AsyncClient.builder()
            .endpointOverride(profile.endpoint())
            .region(Region.of(profile.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(profile.accessKey(), profile.secretKey())))
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(128))
            .build();
  }

  /** Seconds to fetch every pinned object into {@code dir}. */
  double fetch(List<BlobPin> pins, Path dir, int concurrency) throws Exception {
    Files.createDirectories(dir);
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<?>> gets = new ArrayList<>();
    long begin = System.nanoTime();
    int n = 0;
    for (BlobPin pin : pins) {
      inFlight.acquire();
      String key = pin.uri().getPath().substring(1);
      Path file = dir.resolve("object-" + n++);
      gets.add(
          client
              .getObject(
                  request -> request.bucket(bucket).key(key), AsyncResponseTransformer.toFile(file))
              .whenComplete((response, failure) -> inFlight.release()));
    }
    CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new)).join();
    return (System.nanoTime() - begin) / 1e9;
  }

  @Override
  public void close() {
    client.close();
  }
}
