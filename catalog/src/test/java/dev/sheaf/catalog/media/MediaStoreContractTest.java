package dev.sheaf.catalog.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.BlobPin;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The blob semantics of {@link MediaStore}, written down in its javadoc, run against every
 * implementation: one tiny subclass per store (local files, S3 on S3Proxy, http with and without
 * ETags, and a real B2 bucket when its credentials are given). Read-only stores (http) skip the
 * write, delete and listing cases and check that those fail cleanly.
 */
public abstract class MediaStoreContractTest {
  /** The store under test, open for the whole class. */
  protected abstract MediaStore store();

  /** The URI of a fresh object name (unique per call, so tests never see each other's objects). */
  protected abstract URI uri(String name);

  /** Puts bytes at a URI behind the store's back (the store's own write where it has one). */
  protected abstract void put(URI uri, byte[] bytes);

  /** True when the store writes, deletes and lists. */
  protected abstract boolean writable();

  /** True when an overwritten object stays readable by its pinned version id. */
  protected boolean keepsVersions() {
    return false;
  }

  protected final URI fresh(String name) {
    return uri(UUID.randomUUID().toString().substring(0, 8) + "/" + name);
  }

  protected static byte[] bytes(int size, int seed) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return bytes;
  }

  protected static byte[] read(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void servesItsOwnUris() {
    assertThat(store().serves(fresh("a.bin"))).isTrue();
    assertThat(store().serves(URI.create("gopher://example.com/a.bin"))).isFalse();
  }

  @Test
  void statDescribesTheObject() {
    URI uri = fresh("cat.jpg");
    put(uri, bytes(1000, 1));
    BlobInfo info = store().stat(uri);
    assertThat(info.uri()).isEqualTo(uri);
    assertThat(info.size()).isEqualTo(1000);
    assertThat(info.etag()).isNotEmpty();
  }

  @Test
  void statOfMissingObjectIsNotFound() {
    assertThatThrownBy(() -> store().stat(fresh("missing.jpg")))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_NOT_FOUND))
        .hasMessageStartingWith("Cannot ");
  }

  @Test
  void openReadsThePinnedBytes() {
    URI uri = fresh("a.bin");
    byte[] bytes = bytes(70_000, 2);
    put(uri, bytes);
    BlobPin pin = store().stat(uri).pin();
    assertThat(read(store().open(pin, ByteRange.ALL))).isEqualTo(bytes);
  }

  @Test
  void openReadsRanges() {
    URI uri = fresh("a.bin");
    byte[] bytes = bytes(10_000, 3);
    put(uri, bytes);
    BlobPin pin = store().stat(uri).pin();
    assertThat(read(store().open(pin, new ByteRange(100, 50))))
        .isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 150));
    assertThat(read(store().open(pin, new ByteRange(9_990, -1))))
        .isEqualTo(java.util.Arrays.copyOfRange(bytes, 9_990, 10_000));
    assertThat(read(store().open(pin, new ByteRange(0, 0)))).isEmpty();
  }

  @Test
  void openOfMissingObjectIsNotFound() {
    BlobPin pin = new BlobPin(fresh("gone.bin"), 10, "0123", null);
    assertThatThrownBy(() -> read(store().open(pin, ByteRange.ALL)))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_NOT_FOUND));
  }

  @Test
  void overwrittenObjectIsChangedOrReadsThePinnedVersion() {
    URI uri = fresh("a.bin");
    byte[] first = bytes(5_000, 4);
    put(uri, first);
    BlobPin pin = store().stat(uri).pin();
    put(uri, bytes(5_000, 5)); // same size, other bytes
    if (keepsVersions() && pin.versionId() != null) {
      assertThat(read(store().open(pin, ByteRange.ALL))).isEqualTo(first);
    } else {
      assertThatThrownBy(() -> read(store().open(pin, ByteRange.ALL)))
          .isInstanceOfSatisfying(
              SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_CHANGED));
      assertThatThrownBy(() -> read(store().open(pin, new ByteRange(10, 10))))
          .isInstanceOfSatisfying(
              SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_CHANGED));
    }
  }

  @Test
  void pinWithAnotherEtagIsChanged() {
    URI uri = fresh("a.bin");
    put(uri, bytes(100, 6));
    BlobPin pin = new BlobPin(uri, 100, "not-the-etag", null);
    assertThatThrownBy(() -> read(store().open(pin, ByteRange.ALL)))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_CHANGED));
  }

  @Test
  void writeStoresTheObjectWhole() {
    Assumptions.assumeTrue(writable(), "read-only store");
    URI uri = fresh("w.bin");
    byte[] bytes = bytes(20_000, 7);
    BlobInfo written =
        store().write(uri, new ByteArrayInputStream(bytes), bytes.length, "image/jpeg");
    BlobInfo stat = store().stat(uri);
    assertThat(written.size()).isEqualTo(20_000);
    assertThat(stat.size()).isEqualTo(20_000);
    assertThat(stat.etag()).isEqualTo(written.etag());
    assertThat(read(store().open(stat.pin(), ByteRange.ALL))).isEqualTo(bytes);
    byte[] replaced = "replaced".getBytes(UTF_8);
    store().write(uri, new ByteArrayInputStream(replaced), replaced.length, "text/plain");
    assertThat(read(store().open(store().stat(uri).pin(), ByteRange.ALL))).isEqualTo(replaced);
  }

  @Test
  void deleteRemovesAndToleratesMissing() {
    Assumptions.assumeTrue(writable(), "read-only store");
    URI uri = fresh("d.bin");
    put(uri, bytes(10, 8));
    store().delete(uri);
    assertThatThrownBy(() -> store().stat(uri))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_NOT_FOUND));
    store().delete(uri);
  }

  @Test
  void listPagesThroughAPrefixInKeyOrder() {
    Assumptions.assumeTrue(writable(), "read-only store");
    URI dir = fresh("list/");
    List<URI> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      URI uri = dir.resolve("item-" + i + ".bin");
      put(uri, bytes(10 + i, i));
      expected.add(uri);
    }
    put(fresh("elsewhere.bin"), bytes(1, 1));
    List<BlobInfo> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ListingPage page = store().list(dir, token, 2);
      assertThat(page.entries()).hasSizeLessThanOrEqualTo(2);
      seen.addAll(page.entries());
      token = page.nextPageToken();
      pages++;
    } while (token != null && pages < 10);
    assertThat(seen).extracting(BlobInfo::uri).containsExactlyElementsOf(expected);
    assertThat(seen).extracting(BlobInfo::size).containsExactly(10L, 11L, 12L, 13L, 14L);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void readOnlyStoreRefusesWritesAndListings() {
    Assumptions.assumeFalse(writable(), "writable store");
    URI uri = fresh("w.bin");
    assertThatThrownBy(() -> store().write(uri, new ByteArrayInputStream(new byte[1]), 1, null))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
    assertThatThrownBy(() -> store().delete(uri))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
    assertThatThrownBy(() -> store().list(uri, null, 10))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
  }

  @Test
  void presignedUrlReadsThePinnedBytes() throws Exception {
    URI uri = fresh("p.bin");
    byte[] bytes = bytes(3_000, 9);
    put(uri, bytes);
    BlobPin pin = store().stat(uri).pin();
    Optional<URI> url = store().presign(pin, Duration.ofMinutes(5));
    Assumptions.assumeTrue(url.isPresent(), "store cannot sign");
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(url.get()).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(bytes);
    }
  }

  private BlobInfo write(URI uri, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    return store().write(uri, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
  }

  private String readText(BlobPin pin, ByteRange range) {
    return new String(read(store().open(pin, range)), UTF_8);
  }

  private static ErrorCode failure(Runnable action) {
    try {
      action.run();
    } catch (SheafException e) {
      return e.code();
    }
    throw new AssertionError("expected a SheafException");
  }

  @Test
  void writeThenStatDescribesTheBytes() {
    Assumptions.assumeTrue(writable(), "read-only store");
    URI uri = fresh("a/hello.txt");
    BlobInfo written = write(uri, "hello media");
    BlobInfo stat = store().stat(uri);
    assertThat(store().serves(uri)).isTrue();
    assertThat(stat.size()).isEqualTo(11);
    assertThat(stat.etag()).isNotEmpty().isEqualTo(written.etag());
    assertThat(stat.uri()).isEqualTo(uri);
    if (!keepsVersions()) {
      assertThat(stat.versionId()).isNull();
    }
  }

  @Test
  void openReadsWholeObjectsAndRanges() {
    URI uri = fresh("range.txt");
    put(uri, "0123456789".getBytes(UTF_8));
    BlobPin pin = store().stat(uri).pin();
    assertThat(readText(pin, ByteRange.ALL)).isEqualTo("0123456789");
    assertThat(readText(pin, new ByteRange(2, 3))).isEqualTo("234");
    assertThat(readText(pin, new ByteRange(7, -1))).isEqualTo("789");
    assertThat(readText(pin, new ByteRange(8, 100))).isEqualTo("89");
  }

  @Test
  void rewrittenObjectIsNeverReadThroughAnOldPin() {
    Assumptions.assumeTrue(writable(), "read-only store");
    URI uri = fresh("changing.txt");
    BlobPin old = write(uri, "first bytes").pin();
    BlobInfo now = write(uri, "second, longer bytes");
    assertThat(now.etag()).isNotEqualTo(old.etag());
    if (keepsVersions()) {
      assertThat(readText(old, ByteRange.ALL)).isEqualTo("first bytes");
    } else {
      assertThat(failure(() -> readText(old, ByteRange.ALL))).isEqualTo(ErrorCode.MEDIA_CHANGED);
    }
    assertThat(readText(now.pin(), ByteRange.ALL)).isEqualTo("second, longer bytes");
  }

  @Test
  void missingObjectsAreNotFound() {
    URI uri = fresh("missing.txt");
    assertThat(failure(() -> store().stat(uri))).isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
    BlobPin pin = new BlobPin(uri, 3, "etag", null);
    assertThat(failure(() -> readText(pin, ByteRange.ALL))).isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
  }

  @Test
  void listPagesInKeyOrderUnderThePrefix() {
    Assumptions.assumeTrue(writable(), "read-only store");
    URI prefix = fresh("");
    for (String key : List.of("list/c.jpg", "list/a.jpg", "list/sub/b.jpg", "list/e.txt")) {
      write(prefix.resolve(key), key);
    }
    write(prefix.resolve("other/z.jpg"), "z");
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ListingPage page = store().list(prefix.resolve("list/"), token, 2);
      assertThat(page.entries()).hasSizeLessThanOrEqualTo(2);
      page.entries().forEach(entry -> seen.add(entry.uri().toString()));
      page.entries().forEach(entry -> assertThat(entry.size()).isPositive());
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(seen)
        .containsExactly(
            prefix.resolve("list/a.jpg").toString(),
            prefix.resolve("list/c.jpg").toString(),
            prefix.resolve("list/e.txt").toString(),
            prefix.resolve("list/sub/b.jpg").toString());
    assertThat(pages).isEqualTo(2);
    assertThat(store().list(prefix.resolve("nothing-here/"), null, 10).entries()).isEmpty();
  }

  @Test
  void presignGivesAUrlOrNothing() {
    URI uri = fresh("signed.txt");
    put(uri, "s".getBytes(UTF_8));
    BlobPin pin = store().stat(uri).pin();
    var signed = store().presign(pin, Duration.ofMinutes(5));
    signed.ifPresent(url -> assertThat(url.getScheme()).isIn("http", "https"));
  }
}
