package dev.sheaf.catalog.media;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The blob semantics of {@link MediaStore}, written down in its javadoc, as one suite every store
 * runs: a subclass gives the store and a fresh prefix to work under.
 */
abstract class MediaStoreSemanticsTest {
  /** The store under test. */
  protected abstract MediaStore store();

  /** A directory-like prefix (ending in '/') that holds nothing yet. */
  protected abstract URI emptyPrefix();

  /** Whether the store keeps object versions (a pin then reads its version after a rewrite). */
  protected boolean keepsVersions() {
    return false;
  }

  private URI uri(String key) {
    return emptyPrefix().resolve(key);
  }

  private BlobInfo write(URI uri, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    return store().write(uri, new ByteArrayInputStream(bytes), bytes.length, "text/plain");
  }

  private String read(BlobPin pin, ByteRange range) {
    try (InputStream stream = store().open(pin, range)) {
      return new String(stream.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
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
    URI uri = uri("a/hello.txt");
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
    BlobPin pin = write(uri("range.txt"), "0123456789").pin();
    assertThat(read(pin, ByteRange.ALL)).isEqualTo("0123456789");
    assertThat(read(pin, new ByteRange(2, 3))).isEqualTo("234");
    assertThat(read(pin, new ByteRange(7, -1))).isEqualTo("789");
    assertThat(read(pin, new ByteRange(8, 100))).isEqualTo("89");
  }

  @Test
  void rewrittenObjectIsNeverReadThroughAnOldPin() {
    URI uri = uri("changing.txt");
    BlobPin old = write(uri, "first bytes").pin();
    BlobInfo now = write(uri, "second, longer bytes");
    assertThat(now.etag()).isNotEqualTo(old.etag());
    if (keepsVersions()) {
      assertThat(read(old, ByteRange.ALL)).isEqualTo("first bytes");
    } else {
      assertThat(failure(() -> read(old, ByteRange.ALL))).isEqualTo(ErrorCode.MEDIA_CHANGED);
    }
    assertThat(read(now.pin(), ByteRange.ALL)).isEqualTo("second, longer bytes");
  }

  @Test
  void missingObjectsAreNotFound() {
    URI uri = uri("missing.txt");
    assertThat(failure(() -> store().stat(uri))).isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
    BlobPin pin = new BlobPin(uri, 3, "etag", null);
    assertThat(failure(() -> read(pin, ByteRange.ALL))).isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
  }

  @Test
  void deleteRemovesAndToleratesMissing() {
    URI uri = uri("deleted.txt");
    write(uri, "x");
    store().delete(uri);
    assertThat(failure(() -> store().stat(uri))).isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
    store().delete(uri);
  }

  @Test
  void listPagesInKeyOrderUnderThePrefix() {
    for (String key : List.of("list/c.jpg", "list/a.jpg", "list/sub/b.jpg", "list/e.txt")) {
      write(uri(key), key);
    }
    write(uri("other/z.jpg"), "z");
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ListingPage page = store().list(uri("list/"), token, 2);
      assertThat(page.entries()).hasSizeLessThanOrEqualTo(2);
      page.entries().forEach(entry -> seen.add(entry.uri().toString()));
      page.entries().forEach(entry -> assertThat(entry.size()).isPositive());
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(seen)
        .containsExactly(
            uri("list/a.jpg").toString(),
            uri("list/c.jpg").toString(),
            uri("list/e.txt").toString(),
            uri("list/sub/b.jpg").toString());
    assertThat(pages).isEqualTo(2);
    assertThat(store().list(uri("nothing-here/"), null, 10).entries()).isEmpty();
  }

  @Test
  void presignGivesAUrlOrNothing() {
    BlobPin pin = write(uri("signed.txt"), "s").pin();
    var signed = store().presign(pin, Duration.ofMinutes(5));
    signed.ifPresent(url -> assertThat(url.getScheme()).isIn("http", "https"));
  }
}
