package dev.sheaf.index.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.index.FileDocuments;
import dev.sheaf.spi.error.SheafException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexWriterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse copy of an index: commits published file by file with the manifest last, restored
 * into an empty or stale directory with only the missing files downloaded, and the cases where the
 * copy is not taken (another definition, a damaged manifest, an object gone).
 */
class IndexReplicaTest {
  private static final String TABLE = "6f1c0a9e-0000-4000-8000-000000000001";
  private static final String DEFINITION = "1\thnsw\temb\tl2\t16\t100";

  @TempDir Path directory;

  private DirectoryObjects objects() {
    return new DirectoryObjects(directory.resolve("warehouse"));
  }

  private IndexReplica replica(String local, String definition) {
    return new IndexReplica(objects(), directory.resolve(local), TABLE, definition);
  }

  /** Opens the directory after restoring it, with the replica publishing each commit. */
  private static FileDocuments open(IndexReplica replica, Path local) {
    replica.restore();
    return FileDocuments.open(
        local, "test index", "sheaf.test.format", "1", new IndexWriterConfig(), replica::publish);
  }

  private static void addFile(FileDocuments documents, String file, int rows) {
    documents.startFile(file);
    for (int row = 0; row < rows; row++) {
      documents.add(FileDocuments.row(file, row, row));
    }
    documents.commitFiles(List.of(file));
  }

  @Test
  void aFreshDirectoryGetsThePublishedCommitAndAStaleOneOnlyWhatItLacks() {
    IndexReplica writer = replica("a", DEFINITION);
    try (FileDocuments documents = open(writer, directory.resolve("a"))) {
      for (int i = 0; i < 4; i++) {
        addFile(documents, "f" + i, 10);
      }
    }
    assertThat(writer.uploads()).isPositive();
    assertThat(writer.downloads()).isZero();
    // four commits published: what the last two do not name is gone (older segments_N files)
    assertThat(objects().names()).contains("manifest").hasSizeLessThan((int) writer.uploads() + 1);

    IndexReplica reader = replica("b", DEFINITION);
    try (FileDocuments documents = open(reader, directory.resolve("b"))) {
      assertThat(documents.files()).containsExactlyInAnyOrder("f0", "f1", "f2", "f3");
      assertThat(reader.uploads()).as("the opened commit is the published one").isZero();
    }
    long full = reader.downloads();
    assertThat(full).isPositive();

    IndexReplica again = replica("b", DEFINITION);
    try (FileDocuments documents = open(again, directory.resolve("b"))) {
      assertThat(documents.files()).hasSize(4);
      assertThat(again.downloads()).as("the local copy is complete").isZero();
      addFile(documents, "f4", 10);
    }

    IndexReplica stale = replica("a", DEFINITION);
    try (FileDocuments documents = open(stale, directory.resolve("a"))) {
      assertThat(documents.files()).hasSize(5);
      assertThat(stale.downloads()).isBetween(1L, full - 1);
    }
  }

  @Test
  void aCopyOfAnotherDefinitionOrWithAnObjectGoneIsNotTaken() {
    IndexReplica writer = replica("a", DEFINITION);
    try (FileDocuments documents = open(writer, directory.resolve("a"))) {
      addFile(documents, "f0", 10);
    }

    IndexReplica other = replica("b", "1\thnsw\temb\tcosine\t16\t100");
    try (FileDocuments documents = open(other, directory.resolve("b"))) {
      assertThat(documents.files()).isEmpty();
      assertThat(other.downloads()).isZero();
    }

    DirectoryObjects objects = objects();
    String segmentFile =
        objects.names().stream().filter(n -> n.startsWith("files/")).findFirst().orElseThrow();
    objects.delete(segmentFile);
    IndexReplica broken = replica("c", DEFINITION);
    try (FileDocuments documents = open(broken, directory.resolve("c"))) {
      assertThat(documents.files()).as("empty: sync builds it again").isEmpty();
      addFile(documents, "f0", 10);
    }
    IndexReplica repaired = replica("d", DEFINITION);
    try (FileDocuments documents = open(repaired, directory.resolve("d"))) {
      assertThat(documents.files()).isEqualTo(Set.of("f0"));
    }
  }

  @Test
  void restoringDeletesOldObjectsNoManifestNames() throws Exception {
    IndexReplica writer = replica("a", DEFINITION);
    try (FileDocuments documents = open(writer, directory.resolve("a"))) {
      addFile(documents, "f0", 10);
    }
    DirectoryObjects objects = objects();
    List<String> published = objects.names();
    objects.write("files/dead-_9.cfs", new byte[] {1});
    Files.setLastModifiedTime(
        objects.path("files/dead-_9.cfs"),
        FileTime.from(Instant.now().minus(IndexReplica.ORPHAN_AGE).minusSeconds(60)));
    objects.write("files/young-_9.cfs", new byte[] {1});

    IndexReplica reader = replica("b", DEFINITION);
    try (FileDocuments documents = open(reader, directory.resolve("b"))) {
      assertThat(documents.files()).containsExactly("f0");
    }
    assertThat(objects.names())
        .containsAll(published)
        .contains("files/young-_9.cfs")
        .doesNotContain("files/dead-_9.cfs");
  }

  @Test
  void manifestsAreVersioned() {
    IndexManifest manifest =
        new IndexManifest(
            TABLE,
            DEFINITION,
            42,
            "segments_2",
            List.of(new IndexManifest.Entry("_0.cfs", "files/x-_0.cfs", 123, 456)));
    assertThat(IndexManifest.parse(manifest.toBytes(), "w")).isEqualTo(manifest);
    byte[] newer =
        new String(manifest.toBytes(), StandardCharsets.ISO_8859_1)
            .replace("format=1", "format=2")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> IndexManifest.parse(newer, "w"))
        .isInstanceOf(SheafException.class)
        .hasMessageContaining("format version expected 1, found 2");

    objects().write("manifest", newer);
    IndexReplica reader = replica("b", DEFINITION);
    try (FileDocuments documents = open(reader, directory.resolve("b"))) {
      assertThat(documents.files()).isEmpty();
    }
  }
}
