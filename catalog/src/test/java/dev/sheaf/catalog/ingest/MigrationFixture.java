package dev.sheaf.catalog.ingest;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.catalog.media.s3.S3MediaStore;
import dev.sheaf.catalog.media.s3.SharedS3Server;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.testing.FaultyProxy;
import dev.sheaf.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A migration's world for tests: a data directory (a file root and the catalog database), the
 * shared loopback S3 server reached through a {@link FaultyProxy} (which counts the requests), and
 * a registry of the local store and an S3 store of that proxy.
 */
final class MigrationFixture implements AutoCloseable {
  /** A store straight at the server, for seeding; lives as long as the JVM, like the server. */
  private static S3MediaStore direct;

  final Path data;
  final FaultyProxy proxy;
  final S3MediaStore s3;
  final MediaStores stores;
  final MigrationCheckpoints checkpoints;

  MigrationFixture(Path data) {
    this(data, 4);
  }

  MigrationFixture(Path data, int attempts) {
    this.data = data;
    S3TestServer server = SharedS3Server.get();
    this.proxy = FaultyProxy.start(server.endpoint());
    this.s3 = new S3MediaStore(List.of(SharedS3Server.profile(proxy.endpoint(), attempts)));
    this.stores = MediaStores.withLocalFiles(MediaConfig.defaults(data)).register(s3);
    this.checkpoints = new MigrationCheckpoints(CatalogConfig.embedded(data));
  }

  /** A store of the S3 server with a wrong secret: it refuses every request (403). */
  static S3MediaStore refusing() {
    S3TestServer server = SharedS3Server.get();
    return new S3MediaStore(
        List.of(
            new S3MediaProfile(
                "refusing",
                S3MediaProfile.Kind.S3,
                server.endpoint(),
                server.region(),
                server.accessKeyId(),
                "not-the-secret",
                true,
                List.of(server.bucket()),
                1)));
  }

  MediaMigration migration(MigrationSettings settings) {
    return new MediaMigration(stores, checkpoints, settings);
  }

  static URI s3(String key) {
    return SharedS3Server.uri(key);
  }

  /** Writes an object straight to the server (not through the proxy: not counted). */
  static synchronized void seed(String key, byte[] bytes) {
    if (direct == null) {
      direct =
          new S3MediaStore(List.of(SharedS3Server.profile(SharedS3Server.get().endpoint(), 1)));
    }
    direct.write(s3(key), new ByteArrayInputStream(bytes), bytes.length, null);
  }

  static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  byte[] read(URI uri) {
    BlobPin pin = stores.stat(uri).pin();
    try (InputStream in = stores.storeFor(uri).open(pin, ByteRange.ALL)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PUT requests (whole objects and parts) under a key prefix of the bucket, at the proxy. */
  long puts(String keyPrefix) {
    return proxy.count("PUT", "/" + SharedS3Server.get().bucket() + "/" + keyPrefix);
  }

  @Override
  public void close() {
    checkpoints.close();
    stores.close();
    proxy.close();
  }
}
