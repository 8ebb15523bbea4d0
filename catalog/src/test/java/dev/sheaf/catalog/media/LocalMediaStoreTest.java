package dev.sheaf.catalog.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.MediaStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media store contract on local files, plus the rules of file roots. */
class LocalMediaStoreTest extends MediaStoreContractTest {
  @TempDir Path directory;
  private Path root;
  private Path outside;
  private LocalMediaStore store;

  @BeforeEach
  void open() throws IOException {
    root = Files.createDirectories(directory.resolve("root"));
    outside = Files.createDirectories(directory.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    store = new LocalMediaStore(new FileRoots(List.of(root)));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected MediaStore store() {
    return store;
  }

  @Override
  protected URI uri(String name) {
    return URI.create(root.toUri() + "objects/" + name);
  }

  /**
   * Writes the file directly, behind the store's back: a new file renamed over the old one (a new
   * inode, so a same-size rewrite always shows; an in-place one is covered below).
   */
  @Override
  protected void put(URI uri, byte[] bytes) {
    try {
      Path file = Path.of(uri);
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(directory, "put", ".tmp");
      Files.write(temporary, bytes);
      Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected boolean writable() {
    return true;
  }

  private void assertDenied(String uri) {
    assertThatThrownBy(() -> store.stat(URI.create(uri)))
        .isInstanceOf(SheafException.class)
        .satisfies(
            e -> assertThat(((SheafException) e).code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED))
        .hasMessageStartingWith("Cannot read media");
  }

  @Test
  void refusesPathsLeavingTheRoot() throws IOException {
    String rootUri = root.toUri().toString();
    assertDenied(rootUri + "../outside/secret.txt");
    assertDenied(rootUri + "%2e%2e/outside/secret.txt");
    assertDenied(rootUri + "%2E%2E%2Foutside%2Fsecret.txt");
    assertDenied(rootUri + "sub%2f..%2fsecret.txt");
    assertDenied(outside.resolve("secret.txt").toUri().toString());
    assertDenied("file://otherhost" + root.resolve("a.txt"));
    Files.createSymbolicLink(root.resolve("escape"), outside);
    assertDenied(rootUri + "escape/secret.txt");
    Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
    assertDenied(rootUri + "link.txt");
  }

  @Test
  void sheafsOwnFilesInTheDataDirectoryAreNeverMedia() throws IOException {
    Path data = Files.createDirectories(directory.resolve("data"));
    Files.writeString(data.resolve("catalog.db"), "the catalog");
    Files.writeString(data.resolve("ticket.key"), "a key");
    Files.createDirectories(data.resolve("warehouse/main/t/metadata"));
    Files.writeString(data.resolve("warehouse/main/t/metadata/v1.json"), "{}");
    Files.createDirectories(data.resolve("images"));
    Files.writeString(data.resolve("images/cat.txt"), "a cat");
    Files.createSymbolicLink(data.resolve("images/key.txt"), data.resolve("ticket.key"));
    try (LocalMediaStore dataStore = new LocalMediaStore(new FileRoots(List.of(data), data))) {
      for (String own :
          List.of(
              "catalog.db", "ticket.key", "warehouse/main/t/metadata/v1.json", "images/key.txt")) {
        URI uri = data.resolve(own).toUri();
        assertThatThrownBy(() -> dataStore.stat(uri))
            .as(own)
            .isInstanceOfSatisfying(
                SheafException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED);
                  assertThat(e.getMessage()).contains("Sheaf's own files");
                });
      }
      assertThat(dataStore.stat(data.resolve("images/cat.txt").toUri()).size()).isEqualTo(5);
    }
  }

  @Test
  void etagChangesWhenAFileIsRewrittenInPlace() throws IOException {
    Path file = root.resolve("same-size.txt");
    Files.writeString(file, "aaaa");
    BlobPin pin = store.stat(file.toUri()).pin();
    Files.writeString(file, "bbbb");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
    assertThat(store.stat(file.toUri()).etag()).isNotEqualTo(pin.etag());
    assertThatThrownBy(() -> store.open(pin, ByteRange.ALL))
        .satisfies(e -> assertThat(((SheafException) e).code()).isEqualTo(ErrorCode.MEDIA_CHANGED));
    assertThat(Files.readString(file, UTF_8)).isEqualTo("bbbb");
  }

  @Test
  void writesLeaveNoTemporaryFilesAndCannotPresign() throws IOException {
    URI uri = root.resolve("w/out.bin").toUri();
    var info = store.write(uri, new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), 3, null);
    try (var files = Files.list(root.resolve("w"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out.bin");
    }
    assertThat(store.presign(info.pin(), java.time.Duration.ofMinutes(1))).isEmpty();
    assertThat(store.serves(URI.create("s3://bucket/key"))).isFalse();
  }
}
