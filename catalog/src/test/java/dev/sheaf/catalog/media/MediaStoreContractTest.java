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
 * The blob semantics of {@link MediaStore}, run against every implementation: one tiny subclass per
 * store. Read-only stores (http) skip the write, delete and listing cases and check that those fail
 * cleanly.
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
}
