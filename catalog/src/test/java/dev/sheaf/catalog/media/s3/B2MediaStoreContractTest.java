package dev.sheaf.catalog.media.s3;

import dev.sheaf.catalog.media.MediaStoreContractTest;
import dev.sheaf.spi.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real Backblaze B2 bucket, only when SHEAF_B2_ENDPOINT (such as {@code
 * https://s3.us-west-004.backblazeb2.com}), SHEAF_B2_BUCKET, SHEAF_B2_KEY_ID and
 * SHEAF_B2_APPLICATION_KEY are set. Objects go under {@code sheaf-media-test/<random>/} and are
 * deleted (hidden: B2 keeps versions) as the tests go. B2 keeps every version, so an overwritten
 * object reads its pinned version.
 */
@EnabledIfEnvironmentVariable(named = "SHEAF_B2_ENDPOINT", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SHEAF_B2_BUCKET", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SHEAF_B2_KEY_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SHEAF_B2_APPLICATION_KEY", matches = ".+")
class B2MediaStoreContractTest extends MediaStoreContractTest {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static S3MediaStore store;

  @BeforeAll
  static void open() {
    URI endpoint = URI.create(System.getenv("SHEAF_B2_ENDPOINT"));
    // s3.us-west-004.backblazeb2.com -> us-west-004
    String host = endpoint.getHost();
    String region = host.startsWith("s3.") ? host.split("\\.")[1] : "us-west-004";
    store =
        new S3MediaStore(
            List.of(
                S3MediaProfile.b2(
                        "b2",
                        region,
                        System.getenv("SHEAF_B2_KEY_ID"),
                        System.getenv("SHEAF_B2_APPLICATION_KEY"))
                    .withEndpoint(endpoint)
                    .withBucketPatterns(List.of(System.getenv("SHEAF_B2_BUCKET")))));
  }

  @AfterAll
  static void close() {
    if (store != null) {
      store.close();
    }
  }

  @Override
  protected MediaStore store() {
    return store;
  }

  @Override
  protected URI uri(String name) {
    return URI.create(
        "s3://" + System.getenv("SHEAF_B2_BUCKET") + "/sheaf-media-test/" + RUN + "/" + name);
  }

  @Override
  protected void put(URI uri, byte[] bytes) {
    store.write(uri, new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream");
  }

  @Override
  protected boolean writable() {
    return true;
  }

  @Override
  protected boolean keepsVersions() {
    return true;
  }
}
