package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.planner.media.CellPinning;
import dev.sheaf.planner.media.MediaPrefetch;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan whose rows feed media functions fetches the cells' objects ahead, concurrently, through
 * the media cache: each object and range is read from its store once, reads overlap (bounded per
 * store), a header function reads only the header's range, a failing object is still a NULL cell
 * with its error, and {@code sheaf.media-prefetch-rows=0} reads one cell at a time as before. The
 * store is a hand-written fake ({@code slow://}) whose reads take a while and count how many run at
 * once.
 */
class MediaPrefetchTest {
  private static final int ROWS = 96;

  @TempDir Path directory;
  private SlowStore store;
  private SheafEngine engine;

  @BeforeEach
  void open() throws IOException {
    byte[] png;
    try (InputStream in = MediaPrefetchTest.class.getResourceAsStream("/media/horse.png")) {
      png = in.readAllBytes();
    }
    store = new SlowStore(png);
    engine = SheafEngine.open(directory.resolve("data"));
    engine.media().register(store);
    create("photos", "on_write");
    // pinned at first read: its pins come from stats the scan's prefetch makes concurrently
    create("unpinned", "on_read");
    store.reads.clear();
    store.mostAtOnce.set(0);
  }

  @AfterEach
  void close() {
    engine.close();
    System.clearProperty(CellPinning.ROWS_AHEAD_PROPERTY);
  }

  @Test
  void fetchReadsEachObjectOnceWithReadsInFlightTogether() {
    List<List<Object>> rows =
        QueryRows.of(engine.execute("SELECT id, fetch(img), try_error(fetch(img)) FROM photos"))
            .rows();
    assertThat(rows).hasSize(ROWS);
    for (List<Object> row : rows) {
      if ((Integer) row.get(0) == 7) {
        assertThat(row.get(1)).isNull();
        assertThat((String) row.get(2)).startsWith("MEDIA_NOT_FOUND: ");
      } else {
        assertThat(row.get(1)).isEqualTo(Arrays.toString(store.png));
        assertThat(row.get(2)).isNull();
      }
    }
    // one whole read per object that exists, whatever the calls and the prefetch asked
    assertThat(store.reads).hasSize(ROWS - 1);
    assertThat(store.reads.values()).allMatch(count -> count.get() == 1);
    assertThat(store.reads.keySet()).allMatch(key -> key.endsWith(" all"));
    assertThat(store.mostAtOnce.get())
        .isGreaterThan(4)
        .isLessThanOrEqualTo(MediaPrefetch.IN_FLIGHT + 1);
  }

  @Test
  void headerFunctionsFetchOnlyTheHeaderAhead() {
    List<List<Object>> rows =
        QueryRows.of(
                engine.execute("SELECT id, width(img), format(img) FROM unpinned WHERE label = 1"))
            .rows();
    assertThat(rows).hasSize(ROWS / 3);
    for (List<Object> row : rows) {
      if ((Integer) row.get(0) == 7) {
        assertThat(row.subList(1, 3)).containsExactly(null, null);
      } else {
        assertThat(row.subList(1, 3)).containsExactly(400, "png");
      }
    }
    // only the rows the pushed filter keeps, and only their first bytes
    assertThat(store.reads.keySet()).noneMatch(key -> key.endsWith(" all"));
    assertThat(store.reads.keySet().stream().filter(key -> key.endsWith(" 0+65536")))
        .hasSize(ROWS / 3 - 1);
    assertThat(store.reads.keySet().stream().filter(key -> key.endsWith(" 0+64")))
        .hasSize(ROWS / 3 - 1);
    assertThat(store.reads.values()).allMatch(count -> count.get() == 1);
    assertThat(store.mostAtOnce.get()).isGreaterThan(1);
  }

  @Test
  void withoutThePrefetchCellsAreReadOneAtATime() {
    System.setProperty(CellPinning.ROWS_AHEAD_PROPERTY, "0");
    List<List<Object>> rows =
        QueryRows.of(engine.execute("SELECT id, fetch(img) IS NULL FROM photos")).rows();
    assertThat(rows).hasSize(ROWS);
    assertThat(store.reads).hasSize(ROWS - 1);
    assertThat(store.mostAtOnce.get()).isEqualTo(1);
  }

  @Test
  void countingAFetchQueryFetchesNothing() {
    // the query a partition's row count runs (PartitionRows): the fetch is projected away
    List<List<Object>> rows =
        QueryRows.of(
                engine.execute(
                    "SELECT 1 FROM (SELECT fetch(img) AS image, label FROM photos) AS counted"))
            .rows();
    assertThat(rows).hasSize(ROWS);
    assertThat(store.reads).isEmpty();
  }

  @Test
  void aSortedFetchQueryReadsEveryCell() {
    List<List<Object>> rows =
        QueryRows.of(
                engine.execute(
                    "SELECT id, fetch(img) IS NULL, width(img) FROM photos ORDER BY label, id"
                        + " DESC"))
            .rows();
    assertThat(rows).hasSize(ROWS);
    assertThat(rows.stream().filter(row -> row.get(2) == null)).hasSize(1);
    assertThat(store.reads.values()).allMatch(count -> count.get() == 1);
  }

  @Test
  void aSlowMediaQuerySendsItsFirstRowsBeforeAWholeBatch() throws Exception {
    System.setProperty(CellPinning.ROWS_AHEAD_PROPERTY, "0"); // 96 reads of 20 ms, one by one
    try (var result = engine.execute("SELECT id, fetch(img) FROM photos")) {
      assertThat(result.rows().loadNextBatch()).isTrue();
      int first = result.rows().getVectorSchemaRoot().getRowCount();
      int total = first;
      while (result.rows().loadNextBatch()) {
        total += result.rows().getVectorSchemaRoot().getRowCount();
      }
      assertThat(first).isPositive().isLessThan(ROWS);
      assertThat(total).isEqualTo(ROWS);
    }
  }

  @Test
  void aLimitFetchesLittleAhead() {
    List<List<Object>> rows =
        QueryRows.of(engine.execute("SELECT fetch(img) FROM photos LIMIT 3")).rows();
    assertThat(rows).hasSize(3);
    assertThat(store.reads.size()).isLessThan(16);
  }

  private void create(String table, String validation) {
    update("CREATE TABLE " + table + " (id INTEGER, img IMAGE, label INTEGER)");
    update("ALTER TABLE " + table + " SET ('media_validation' = '" + validation + "')");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      // row 7 names an object the store does not hold: its cells fail, the others read
      String name = i == 7 ? "missing" : "image-" + i;
      values
          .append(i == 0 ? "" : ", ")
          .append("(")
          .append(i)
          .append(", 'slow://bucket/")
          .append(table)
          .append("/");
      values.append(name).append(".png', ").append(i % 3).append(")");
    }
    update("INSERT INTO " + table + " VALUES " + values);
  }

  private void update(String sql) {
    engine.execute(sql).close();
  }

  /** Serves {@code slow://} URIs, each the same PNG, every read taking 20 ms. */
  private static final class SlowStore implements MediaStore {
    final byte[] png;
    final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    SlowStore(byte[] png) {
      this.png = png;
    }

    @Override
    public boolean serves(URI uri) {
      return "slow".equals(uri.getScheme());
    }

    @Override
    public BlobInfo stat(URI uri) {
      if (uri.getPath().contains("missing")) {
        throw SheafException.of(ErrorCode.MEDIA_NOT_FOUND, "Cannot find media %s", uri);
      }
      return new BlobInfo(uri, png.length, "etag-1", null, Instant.EPOCH);
    }

    @Override
    public InputStream open(BlobPin pin, ByteRange range) {
      String key =
          pin.uri() + " " + (range.isAll() ? "all" : range.offset() + "+" + range.length());
      reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      int from = (int) range.offset();
      int to = range.isAll() ? png.length : (int) Math.min(png.length, from + range.length());
      return new ByteArrayInputStream(Arrays.copyOfRange(png, from, to));
    }

    @Override
    public ListingPage list(URI prefix, String pageToken, int pageSize) {
      throw new UnsupportedOperationException();
    }

    @Override
    public BlobInfo write(URI uri, InputStream bytes, long length, String contentType) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete(URI uri) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<URI> presign(BlobPin pin, Duration validFor) {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }
}
