package dev.sheaf.planner;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.testing.S3TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A SQLite catalog with the warehouse on a loopback S3-compatible server (S3Proxy). */
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
    S3Settings s3 =
        S3Settings.defaults()
            .withEndpoint(server.endpoint().toString())
            .withRegion(server.region())
            .withCredentials(server.accessKeyId(), server.secretAccessKey())
            .withPathStyleAccess(true);
    // one warehouse prefix per test, named after its directory so that reopening finds it
    return CatalogConfig.embedded(directory)
        .withWarehouse(server.location("warehouse-" + directory.getFileName()))
        .withS3(s3);
  }
}
