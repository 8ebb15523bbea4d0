package dev.sheaf.planner;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.testing.S3TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A SQLite catalog with the warehouse on a loopback S3-compatible server (S3Proxy), reached as a
 * deployment on Backblaze B2 is: through a B2-kind S3 profile of the media configuration (checksums
 * only where required, Content-MD5 on bulk deletes, B2's retry attempts).
 */
class SqliteS3StorageTest extends StorageContractTest {
  private static S3TestServer server;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected CatalogConfig config(Path directory) {
    S3MediaProfile profile =
        new S3MediaProfile(
            "b2",
            S3MediaProfile.Kind.B2,
            server.endpoint(),
            server.region(),
            server.accessKeyId(),
            server.secretAccessKey(),
            true,
            List.of("*"),
            S3MediaProfile.B2_MAX_ATTEMPTS);
    S3Settings s3 = S3Settings.of(profile);
    // one warehouse prefix per test, named after its directory so that reopening finds it
    return CatalogConfig.embedded(directory)
        .withWarehouse(server.location("warehouse-" + directory.getFileName()))
        .withS3(s3);
  }
}
