package dev.sheaf.catalog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.media.FileRoots;
import dev.sheaf.catalog.media.LocalMediaStore;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.catalog.media.s3.S3MediaStore;
import dev.sheaf.catalog.media.s3.SharedS3Server;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources that fail, destinations that refuse, bytes that arrive wrong, and listing files. */
class MigrationBadInputTest {
  private static final MigrationSettings SETTINGS =
      new MigrationSettings(4, MigrationSettings.MIN_PART_BYTES, 2, Duration.ofMillis(10));

  @TempDir Path data;

  private Path folder(String name, int files) throws IOException {
    Path folder = Files.createDirectories(data.resolve(name));
    for (int i = 0; i < files; i++) {
      Files.write(folder.resolve("f" + i + ".bin"), MigrationFixture.bytes(500 + i, i));
    }
    return folder;
  }

  @Test
  void aDestinationThatRefusesWritesFailsEachObjectAndTheRunResumes() throws IOException {
    Path folder = folder("refused", 3);
    MigrationRun run =
        MigrationRun.of(
            MediaConfig.directoryUri(folder), MigrationFixture.s3("refused-dst"), null, null);
    try (S3MediaStore refusing = MigrationFixture.refusing();
        MediaStores stores =
            MediaStores.withLocalFiles(MediaConfig.defaults(data)).register(refusing);
        MigrationCheckpoints checkpoints = new MigrationCheckpoints(CatalogConfig.embedded(data))) {
      MigrationProgress progress =
          new MediaMigration(stores, checkpoints, SETTINGS).run(run, null, p -> {}, () -> false);

      assertThat(progress.failed()).isEqualTo(3);
      List<ObjectCheckpoint> failed = checkpoints.objects(run.id(), ObjectCheckpoint.State.FAILED);
      assertThat(failed)
          .extracting(ObjectCheckpoint::errorCode)
          .containsOnly("MEDIA_ACCESS_DENIED");
      assertThat(failed.getFirst().message()).doesNotContain("not-the-secret");
    }
    // the same run with a destination that takes writes copies them all
    try (MigrationFixture fixture = new MigrationFixture(data)) {
      MigrationProgress again = fixture.migration(SETTINGS).run(run, null, p -> {}, () -> false);
      assertThat(again.copied()).isEqualTo(3);
      assertThat(fixture.checkpoints.objects(run.id(), ObjectCheckpoint.State.FAILED)).isEmpty();
    }
  }

  @Test
  void bytesThatArriveChangedAreAChecksumMismatch() throws IOException {
    Path folder = folder("clean", 2);
    Path target = Files.createDirectories(data.resolve("corrupted"));
    MediaConfig config = MediaConfig.defaults(data);
    LocalMediaStore local = new LocalMediaStore(new FileRoots(config.fileRoots(), data));
    try (MediaStores stores =
            new MediaStores(config).register(new CorruptingStore(local, target)).register(local);
        MigrationCheckpoints checkpoints = new MigrationCheckpoints(CatalogConfig.embedded(data))) {
      MigrationRun run =
          MigrationRun.of(
              MediaConfig.directoryUri(folder), MediaConfig.directoryUri(target), null, null);
      MigrationProgress progress =
          new MediaMigration(stores, checkpoints, SETTINGS).run(run, null, p -> {}, () -> false);

      assertThat(progress.failed()).isEqualTo(2);
      assertThat(checkpoints.objects(run.id(), ObjectCheckpoint.State.FAILED))
          .extracting(ObjectCheckpoint::errorCode)
          .containsOnly("CHECKSUM_MISMATCH");
    }
  }

  @Test
  void anUnreachableSourceFailsTheRun() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3MediaProfile nowhere =
        SharedS3Server.profile(URI.create("http://127.0.0.1:" + closedPort), 1);
    try (MediaStores stores =
            MediaStores.withLocalFiles(MediaConfig.defaults(data))
                .register(new S3MediaStore(List.of(nowhere)));
        MigrationCheckpoints checkpoints = new MigrationCheckpoints(CatalogConfig.embedded(data))) {
      MigrationRun run =
          MigrationRun.of(
              MigrationFixture.s3("anything/"),
              MediaConfig.directoryUri(data.resolve("out")),
              null,
              null);
      assertThatThrownBy(
              () ->
                  new MediaMigration(stores, checkpoints, SETTINGS)
                      .run(run, null, p -> {}, () -> false))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(dev.sheaf.spi.error.ErrorCode.SOURCE_UNAVAILABLE))
          .hasMessageContaining("Cannot list the source s3://sheaf/anything/");
    }
  }

  @Test
  void aListingFileOfUrlsIsCopiedUnderHostAndPath() throws IOException {
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> serve(exchange, files));
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      files.put("/img/a.png", MigrationFixture.bytes(700, 1));
      files.put("/img/b.png", MigrationFixture.bytes(800, 2));
      files.put(
          "/list.txt",
          ("# two images\n" + base + "/img/a.png\n\n" + base + "/img/b.png\n")
              .getBytes(StandardCharsets.UTF_8));
      Path out = data.resolve("from-http");
      MediaConfig allowed =
          new MediaConfig(
              List.of(data),
              true,
              data.resolve("cache"),
              1 << 20,
              MediaConfig.directoryUri(data.resolve("media")),
              MediaConfig.Validation.ON_WRITE,
              List.of());
      MigrationRun run =
          MigrationRun.of(
              URI.create(base + "/list.txt"), MediaConfig.directoryUri(out), null, null);
      try (MediaStores stores = MediaStores.open(allowed);
          MigrationCheckpoints checkpoints =
              new MigrationCheckpoints(CatalogConfig.embedded(data))) {
        MigrationProgress progress =
            new MediaMigration(stores, checkpoints, SETTINGS).run(run, null, p -> {}, () -> false);
        assertThat(progress.copied()).isEqualTo(2);
        assertThat(out.resolve("127.0.0.1/img/b.png")).hasBinaryContent(files.get("/img/b.png"));
      }
      // with the default address policy a loopback listing is refused
      try (MediaStores stores = MediaStores.open(MediaConfig.defaults(data));
          MigrationCheckpoints checkpoints =
              new MigrationCheckpoints(CatalogConfig.embedded(data))) {
        MigrationRun refused =
            MigrationRun.of(
                URI.create(base + "/list.txt"),
                MediaConfig.directoryUri(data.resolve("x")),
                null,
                null);
        assertThatThrownBy(
                () ->
                    new MediaMigration(stores, checkpoints, SETTINGS)
                        .run(refused, null, p -> {}, () -> false))
            .isInstanceOfSatisfying(
                SheafException.class,
                e ->
                    assertThat(e.code())
                        .isEqualTo(dev.sheaf.spi.error.ErrorCode.MEDIA_ACCESS_DENIED));
      }
    } finally {
      server.stop(0);
    }
  }

  private static void serve(com.sun.net.httpserver.HttpExchange exchange, Map<String, byte[]> files)
      throws IOException {
    try (exchange) {
      byte[] bytes = files.get(exchange.getRequestURI().getPath());
      if (bytes == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("ETag", "\"" + java.util.Arrays.hashCode(bytes) + "\"");
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (head) {
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
      }
      exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** A local store under one folder that flips a byte of everything written (a broken disk). */
  private record CorruptingStore(LocalMediaStore local, Path folder) implements MediaStore {
    @Override
    public boolean serves(URI uri) {
      return "file".equals(uri.getScheme()) && Path.of(uri).startsWith(folder);
    }

    @Override
    public BlobInfo write(URI uri, InputStream bytes, long length, String contentType) {
      try {
        byte[] all = bytes.readAllBytes();
        all[0] ^= 1;
        return local.write(uri, new ByteArrayInputStream(all), length, contentType);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public BlobInfo stat(URI uri) {
      return local.stat(uri);
    }

    @Override
    public InputStream open(BlobPin pin, ByteRange range) {
      return local.open(pin, range);
    }

    @Override
    public ListingPage list(URI prefix, String pageToken, int pageSize) {
      return local.list(prefix, pageToken, pageSize);
    }

    @Override
    public void delete(URI uri) {
      local.delete(uri);
    }

    @Override
    public Optional<URI> presign(BlobPin pin, Duration validFor) {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }
}
