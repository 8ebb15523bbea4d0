package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.config.IndexLocation;
import dev.sheaf.catalog.config.S3Settings;
import dev.sheaf.catalog.config.WarehouseCacheSettings;
import dev.sheaf.catalog.iceberg.WarehouseFileIO;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.s3.S3MediaProfile;
import dev.sheaf.planner.result.KeptResultSettings;
import dev.sheaf.testing.S3TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.iceberg.io.FileIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code index-location = warehouse} on a loopback S3 server: a server publishes each index commit
 * to the table's warehouse location, and a server without the local copy (another data directory on
 * the same catalog and warehouse, or the same one after its index cache was deleted) downloads the
 * files once, answers the same rows without indexing again, and goes on indexing new rows.
 */
class WarehouseIndexTest {
  private static final int DIMENSION = 8;
  private static S3TestServer server;

  @TempDir Path directory;

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

  /** An engine with its own data directory {@code name} on the shared catalog and warehouse. */
  private Engine open(String name) {
    Path data = directory.resolve(name);
    RootAllocator allocator = new RootAllocator();
    return new Engine(
        SheafEngine.open(
            config(data), allocator, MediaConfig.defaults(data), KeptResultSettings.defaults(data)),
        allocator,
        data.resolve("indexes"));
  }

  private CatalogConfig config(Path data) {
    S3MediaProfile profile =
        S3MediaProfile.of(
                "warehouse",
                server.endpoint(),
                server.region(),
                server.accessKeyId(),
                server.secretAccessKey())
            .withPathStyle(true);
    return CatalogConfig.embedded(directory.resolve("shared"))
        .withWarehouse(server.location("warehouse-" + directory.getFileName()))
        .withS3(S3Settings.of(profile))
        .withWarehouseCache(WarehouseCacheSettings.defaults(data.resolve("warehouse-cache")))
        .withIndexLocation(IndexLocation.WAREHOUSE);
  }

  private record Engine(SheafEngine engine, RootAllocator allocator, Path indexes)
      implements AutoCloseable {
    List<Object> ids(String sql) {
      return QueryRows.of(engine.execute(sql)).rows().stream().map(row -> row.get(0)).toList();
    }

    void update(String sql) {
      engine.execute(sql).close();
    }

    long downloads() {
      return engine.indexes().warehouseDownloads();
    }

    long uploads() {
      return engine.indexes().warehouseUploads();
    }

    @Override
    public void close() {
      engine.close();
      allocator.close();
    }
  }

  private static final String NEAREST =
      "SELECT id FROM points ORDER BY l2_distance(emb, ARRAY[%s]) LIMIT 5";
  private static final String WORDS =
      "SELECT id FROM points ORDER BY text_match(body, 'garden') DESC LIMIT 5";

  private static String near(float value) {
    StringBuilder text = new StringBuilder();
    for (int d = 0; d < DIMENSION; d++) {
      text.append(d == 0 ? "" : ", ").append(value);
    }
    return text.toString();
  }

  private static void insert(Engine engine, int from, int to, Random random) {
    List<List<Object>> rows = new ArrayList<>();
    for (int id = from; id < to; id++) {
      float[] vector = new float[DIMENSION];
      for (int d = 0; d < DIMENSION; d++) {
        vector[d] = (float) random.nextGaussian();
      }
      rows.add(Arrays.asList(id, vector, id % 7 == 0 ? "a garden by the river" : "a river"));
    }
    engine.engine().executeBatch("INSERT INTO points VALUES (?, ?, ?)", rows, new AtomicBoolean());
  }

  /** The objects under {@code index/<name>/} of the table in the S3 server's directory. */
  private static List<Path> objects(String index) {
    try (Stream<Path> files = Files.walk(server.dataDirectory())) {
      return files
          .filter(Files::isRegularFile)
          .filter(path -> path.toString().contains("/index/" + index + "/"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the object stored at {@code path} through S3, then makes it a day old. */
  private static void writeOld(Path path, CatalogConfig config) {
    String location = "s3://" + server.dataDirectory().relativize(path).toString();
    try (FileIO io = WarehouseFileIO.open(config);
        OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
      out.write(new byte[] {1, 2, 3});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path path) {
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aServerWithoutTheLocalCopyDownloadsTheIndexOnceAndKeepsIndexing() {
    Random random = new Random(20261207);
    String query = NEAREST.formatted(near(0.1f));
    List<Object> nearest;
    List<Object> words;
    try (Engine first = open("first")) {
      first.update("CREATE TABLE points (id INTEGER, emb VECTOR(" + DIMENSION + "), body VARCHAR)");
      first.update("CREATE INDEX points_emb ON points USING HNSW (emb) WITH (metric = 'l2')");
      first.update("CREATE INDEX points_body ON points USING FULLTEXT (body)");
      for (int batch = 0; batch < 4; batch++) {
        insert(first, batch * 100, (batch + 1) * 100, random);
      }
      nearest = first.ids(query);
      words = first.ids(WORDS);
      assertThat(nearest).hasSize(5);
      assertThat(words).hasSize(5);
      assertThat(first.uploads()).isPositive();
      // four commits: the segments of the last two are kept, older segments_N files are deleted
      assertThat(objects("points_emb")).isNotEmpty().hasSizeLessThan((int) first.uploads() + 2);
    }

    // an upload whose manifest was never written, long ago: the next restore deletes it
    Path manifest =
        objects("points_emb").stream()
            .filter(path -> path.getFileName().toString().equals("manifest"))
            .findFirst()
            .orElseThrow();
    Path orphan = manifest.resolveSibling("files").resolve("0000000000000000-_99.cfs");
    writeOld(orphan, config(directory.resolve("tool")));

    try (Engine second = open("second")) {
      assertThat(second.ids(query)).isEqualTo(nearest);
      assertThat(orphan).doesNotExist();
      assertThat(second.ids(WORDS)).isEqualTo(words);
      long downloaded = second.downloads();
      assertThat(downloaded).isPositive();
      assertThat(second.uploads()).as("nothing indexed again").isZero();
      assertThat(second.ids(query)).isEqualTo(nearest);
      assertThat(second.downloads()).isEqualTo(downloaded);

      float[] close = new float[DIMENSION];
      Arrays.fill(close, 0.1f);
      second
          .engine()
          .executeBatch(
              "INSERT INTO points VALUES (?, ?, ?)",
              List.of(Arrays.asList(1000, close, "a garden, a garden, a garden")),
              new AtomicBoolean());
      assertThat(second.ids(query)).first().isEqualTo(1000);
      assertThat(second.ids(WORDS)).first().isEqualTo(1000);
      assertThat(second.uploads()).isPositive();
    }

    long fullCopy;
    deleteTree(directory.resolve("second").resolve("indexes"));
    try (Engine wiped = open("second")) {
      assertThat(wiped.ids(query)).first().isEqualTo(1000);
      assertThat(wiped.ids(WORDS)).first().isEqualTo(1000);
      fullCopy = wiped.downloads();
      assertThat(fullCopy).isPositive();
      assertThat(wiped.uploads()).as("nothing indexed again").isZero();
    }

    try (Engine stale = open("first")) {
      assertThat(stale.ids(query)).first().isEqualTo(1000);
      assertThat(stale.downloads())
          .as("only the files its old copy lacks")
          .isBetween(1L, fullCopy - 1);
      assertThat(stale.uploads()).isZero();
      stale.update("DROP INDEX points_emb");
      assertThat(objects("points_emb")).isEmpty();
      assertThat(objects("points_body")).isNotEmpty();
      stale.update("DROP TABLE points");
      assertThat(objects("points_body")).isEmpty();
    }
  }
}
