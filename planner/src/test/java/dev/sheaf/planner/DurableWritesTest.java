package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.iceberg.FileSync;
import dev.sheaf.planner.exec.TableIngest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a local warehouse every file a commit names (data files from Iceberg's writer and from the
 * native bulk writer, delete files, manifests, manifest lists, table metadata) and every media
 * object Sheaf writes is synced to disk before the catalog commit (see {@link FileSync}).
 */
class DurableWritesTest {
  @TempDir Path directory;

  @Test
  void everyFileACommitNamesIsSyncedBeforeTheCommit() throws Exception {
    assertThat(FileSync.enabled()).isTrue();
    Path data = directory.resolve("data");
    Set<Path> synced = ConcurrentHashMap.newKeySet();
    try (SheafEngine engine = SheafEngine.open(data)) {
      update(engine, "CREATE TABLE durable (label VARCHAR, img IMAGE)");
      Set<Path> before = files(data);
      try (AutoCloseable watching =
          FileSync.observe(file -> synced.add(file.toAbsolutePath().normalize()))) {
        try (ArrowReader batch = imageBatch(engine)) {
          assertThat(engine.ingest(null, "durable", batch, TableIngest.Mode.APPEND)).isEqualTo(1);
        }
        update(engine, "INSERT INTO durable (label) VALUES ('a'), ('b')");
        update(engine, "UPDATE durable SET label = 'c' WHERE label = 'a'");
        update(engine, "DELETE FROM durable WHERE label = 'b'");
      }
      Set<Path> written = files(data);
      written.removeAll(before);
      // data files, delete files, manifests, manifest lists, metadata files and a media object
      assertThat(written).hasSizeGreaterThan(10);
      assertThat(written).anyMatch(p -> p.toString().contains("/media/"));
      // a media object is synced under its temporary name, then renamed into place
      for (Path file : written) {
        assertThat(synced)
            .as("synced: %s", file)
            .anyMatch(
                p ->
                    p.equals(file)
                        || p.getParent().equals(file.getParent())
                            && p.getFileName()
                                .toString()
                                .startsWith("." + file.getFileName() + "."));
      }
    }
  }

  private static void update(SheafEngine engine, String sql) {
    try (var result = engine.execute(sql)) {
      result.updateCount();
    }
  }

  /** The regular files of the warehouse and the written media, not SQLite's own. */
  private static Set<Path> files(Path data) throws IOException {
    Set<Path> files = new java.util.HashSet<>();
    for (String folder : List.of("warehouse", "media")) {
      Path root = data.resolve(folder);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(root)) {
        paths.filter(Files::isRegularFile).forEach(p -> files.add(p.toAbsolutePath().normalize()));
      }
    }
    return files;
  }

  private static ArrowReader imageBatch(SheafEngine engine) throws IOException {
    byte[] image;
    try (InputStream in = DurableWritesTest.class.getResourceAsStream("/media/horse.png")) {
      image = in.readAllBytes();
    }
    var allocator = engine.allocator();
    var out = new ByteArrayOutputStream();
    try (var label = new VarCharVector("label", allocator);
        var img = new VarBinaryVector("img", allocator)) {
      label.setSafe(0, "horse".getBytes(StandardCharsets.UTF_8));
      img.setSafe(0, image);
      label.setValueCount(1);
      img.setValueCount(1);
      try (var root = VectorSchemaRoot.of(label, img);
          var writer = new ArrowStreamWriter(root, null, out)) {
        root.setRowCount(1);
        writer.start();
        writer.writeBatch();
        writer.end();
      }
    }
    return new ArrowStreamReader(new ByteArrayInputStream(out.toByteArray()), allocator);
  }
}
