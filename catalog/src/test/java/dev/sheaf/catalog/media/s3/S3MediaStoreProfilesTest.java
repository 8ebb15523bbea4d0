package dev.sheaf.catalog.media.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two named profiles, two S3 servers: each bucket is read through the profile that names it, with
 * that profile's endpoint and credentials.
 */
class S3MediaStoreProfilesTest {
  private static final String SECOND_BUCKET = "second-photos";
  private static S3TestServer second;

  @BeforeAll
  static void startSecondServer() throws IOException {
    second = S3TestServer.start();
    // S3Proxy's filesystem store: a bucket is a directory
    Files.createDirectories(second.dataDirectory().resolve(SECOND_BUCKET));
  }

  @AfterAll
  static void stopSecondServer() {
    second.close();
  }

  @Test
  void twoBucketsOnTwoProfilesBothRead() throws IOException {
    S3TestServer first = SharedS3Server.get();
    S3MediaProfile firstProfile =
        S3MediaProfile.of(
                "first",
                first.endpoint(),
                first.region(),
                first.accessKeyId(),
                first.secretAccessKey())
            .withBucketPatterns(List.of(first.bucket()));
    S3MediaProfile secondProfile =
        S3MediaProfile.of(
                "second",
                second.endpoint(),
                second.region(),
                second.accessKeyId(),
                second.secretAccessKey())
            .withBucketPatterns(List.of("second-*"));
    URI one = URI.create("s3://" + first.bucket() + "/profiles/one.txt");
    URI two = URI.create("s3://" + SECOND_BUCKET + "/profiles/two.txt");
    try (S3MediaStore store = new S3MediaStore(List.of(firstProfile, secondProfile))) {
      write(store, one, "first server");
      write(store, two, "second server");
      assertThat(read(store, one)).isEqualTo("first server");
      assertThat(read(store, two)).isEqualTo("second server");
      assertThat(second.dataDirectory().resolve(SECOND_BUCKET).resolve("profiles/two.txt"))
          .as("the second bucket's object went to the second server")
          .exists();
      assertThat(first.dataDirectory().resolve(SECOND_BUCKET).resolve("profiles/two.txt"))
          .doesNotExist();
      assertThat(store.serves(URI.create("s3://third/x"))).isFalse();
    }
  }

  @Test
  void urlsAtAProfilesEndpointAreReadWithThatProfile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    S3MediaProfile secondProfile =
        S3MediaProfile.of(
                "second",
                second.endpoint(),
                second.region(),
                second.accessKeyId(),
                second.secretAccessKey())
            .withBucketPatterns(List.of("second-*"));
    URI object = URI.create("s3://" + SECOND_BUCKET + "/endpoint/three.txt");
    URI url = URI.create(second.endpoint() + "/" + SECOND_BUCKET + "/endpoint/three.txt");
    try (MediaStores stores =
        MediaStores.open(MediaConfig.defaults(dir).withS3Profiles(List.of(secondProfile)))) {
      stores.write(object, "by endpoint".getBytes(StandardCharsets.UTF_8), "text/plain");
      assertThat(stores.storeFor(url)).isInstanceOf(S3MediaStore.class);
      assertThat(stores.read(stores.stat(url).pin(), ByteRange.ALL))
          .asString(StandardCharsets.UTF_8)
          .isEqualTo("by endpoint");
      assertThat(
              stores
                  .list(
                      URI.create(second.endpoint() + "/" + SECOND_BUCKET + "/endpoint/"), null, 10)
                  .entries())
          .extracting(entry -> entry.uri())
          .containsExactly(url);
      // another bucket at the endpoint, or another endpoint: not this profile's
      assertThat(stores.storeFor(URI.create(second.endpoint() + "/sheaf/x")))
          .isNotInstanceOf(S3MediaStore.class);
      assertThat(stores.storeFor(URI.create("http://127.0.0.1:1/" + SECOND_BUCKET + "/x")))
          .isNotInstanceOf(S3MediaStore.class);
    }
  }

  @Test
  void eachProfileSignsWithItsOwnCredentials() {
    S3MediaProfile wrongForSecond =
        S3MediaProfile.of("second", second.endpoint(), second.region(), "AKIDWRONG", "not-it")
            .withBucketPatterns(List.of(SECOND_BUCKET))
            .withMaxAttempts(1);
    try (S3MediaStore store = new S3MediaStore(List.of(wrongForSecond))) {
      assertThatThrownBy(() -> store.stat(URI.create("s3://" + SECOND_BUCKET + "/x")))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED))
          .hasMessageContaining("second")
          .hasMessageNotContaining("not-it");
    }
  }

  private static void write(S3MediaStore store, URI uri, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    store.write(uri, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
  }

  private static String read(S3MediaStore store, URI uri) throws IOException {
    try (InputStream in = store.open(store.stat(uri).pin(), ByteRange.ALL)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
