package dev.sheaf.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.media.s3.SharedS3Server;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.FaultyProxy;
import dev.sheaf.testing.FaultyProxy.Fault;
import dev.sheaf.testing.S3TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.io.FileIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 warehouse's {@link WarehouseFiles} on a loopback S3 server behind a fault-injecting proxy
 * that counts requests: data files arrive once, in ranged parts, through 503s; published files are
 * read from their cached copy; a missing data file is a STORAGE_ERROR that names it.
 */
class S3WarehouseFileIOTest {
  private static FaultyProxy proxy;

  @TempDir Path directory;
  private String prefix;
  private FileIO io;
  private WarehouseFiles files;

  @BeforeAll
  static void start() {
    proxy = FaultyProxy.start(SharedS3Server.get().endpoint());
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @BeforeEach
  void open() {
    S3TestServer server = SharedS3Server.get();
    prefix = "warehouse-" + UUID.randomUUID();
    CatalogConfig config =
        CatalogConfig.embedded(directory)
            .withWarehouse(server.location(prefix))
            .withS3(
                S3Settings.defaults()
                    .withEndpoint(proxy.endpoint().toString())
                    .withRegion(server.region())
                    .withCredentials(server.accessKeyId(), server.secretAccessKey())
                    .withPathStyleAccess(true));
    io = WarehouseFileIO.open(config);
    files = WarehouseFiles.require(io);
  }

  @AfterEach
  void close() {
    io.close();
  }

  private String location(String name) {
    return SharedS3Server.get().location(prefix) + "/data/" + name;
  }

  private long gets(String name) {
    return proxy.count("GET", "/" + SharedS3Server.get().bucket() + "/" + prefix + "/data/" + name);
  }

  private String upload(String name, byte[] bytes) throws IOException {
    String location = location(name);
    try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(bytes);
    }
    return location;
  }

  private static byte[] bytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void dataFileArrivesOnceInRangedParts() throws Exception {
    byte[] bytes = bytes(RangedDownload.PART_BYTES * 2 + 12_345, 1);
    String location = upload("big.parquet", bytes);
    List<Future<byte[]>> reads = new ArrayList<>();
    try (ExecutorService readers = Executors.newFixedThreadPool(4)) {
      for (int i = 0; i < 4; i++) {
        reads.add(
            readers.submit(
                () -> {
                  try (LocalDataFile local = files.open(location, bytes.length)) {
                    return Files.readAllBytes(local.file().toPath());
                  }
                }));
      }
      for (Future<byte[]> read : reads) {
        assertThat(read.get()).isEqualTo(bytes);
      }
    }
    assertThat(gets("big.parquet")).as("three ranged GETs, one download").isEqualTo(3);
    try (LocalDataFile local = files.open(location, bytes.length)) {
      assertThat(Files.size(local.file().toPath())).isEqualTo(bytes.length);
    }
    assertThat(gets("big.parquet")).isEqualTo(3);
  }

  @Test
  void slowDownAnswersAreRetried() throws Exception {
    byte[] bytes = bytes(100_000, 2);
    String location = upload("retried.parquet", bytes);
    proxy.failNext(2, Fault.SLOW_DOWN);
    try (LocalDataFile local = files.open(location, bytes.length)) {
      assertThat(Files.readAllBytes(local.file().toPath())).isEqualTo(bytes);
    }
  }

  @Test
  void publishedFileIsUploadedAndReadFromItsLocalCopy() throws Exception {
    String dataLocation = SharedS3Server.get().location(prefix) + "/data/ingest-1";
    Path staging = files.stagingDirectory(dataLocation);
    Path staged = staging.resolve("chunk-00000").resolve("part-0.parquet");
    Files.createDirectories(staged.getParent());
    byte[] bytes = bytes(3_000_000, 3);
    Files.write(staged, bytes);
    String location = files.location(dataLocation, staging, staged);
    assertThat(location).isEqualTo(dataLocation + "/chunk-00000/part-0.parquet");

    files.publish(staged, location);
    files.releaseStaging(staging);
    assertThat(staging).doesNotExist();
    assertThat(io.newInputFile(location).getLength()).isEqualTo(bytes.length);
    try (LocalDataFile local = files.open(location, bytes.length)) {
      assertThat(Files.readAllBytes(local.file().toPath())).isEqualTo(bytes);
    }
    assertThat(gets("ingest-1/")).as("read from the uploaded file's local copy").isZero();
  }

  @Test
  void uploadsRetrySlowDownAnswers() throws Exception {
    String dataLocation = SharedS3Server.get().location(prefix) + "/data/ingest-2";
    Path staging = files.stagingDirectory(dataLocation);
    Path staged = staging.resolve("part-0.parquet");
    byte[] bytes = bytes(200_000, 4);
    Files.write(staged, bytes);
    String location = files.location(dataLocation, staging, staged);
    proxy.failNext(1, Fault.SLOW_DOWN);
    files.publish(staged, location);
    files.releaseStaging(staging);
    try (var in = io.newInputFile(location).newStream()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  @Test
  void missingDataFileIsAStorageErrorNamingIt() {
    String location = location("missing.parquet");
    assertThatThrownBy(() -> files.open(location, 1000).close())
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
              assertThat(e.getMessage())
                  .contains(location)
                  .contains("check the warehouse")
                  .doesNotContain(SharedS3Server.get().secretAccessKey());
            });
  }
}
