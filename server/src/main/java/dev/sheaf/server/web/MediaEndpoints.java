package dev.sheaf.server.web;

import static java.util.Objects.requireNonNull;

import dev.sheaf.planner.TableDirectory;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The media a page shows, one cell at a time, never the original bytes of an image: {@code /thumb}
 * (the SQL {@code thumbnail} of a cell, 160 pixels by default), {@code /image} (a rendition of at
 * most {@value #IMAGE_SIDE} pixels a side, however large the original), {@code /frame} (a video
 * frame, resized) and {@code /audio} (the recording, for the audio player, up to {@value
 * #MAX_AUDIO_BYTES} bytes). Cells are named by table, snapshot, row id and column, so a rendition
 * is made once and then served from the {@link ThumbnailCache}. A cell that cannot be read answers
 * with a placeholder image that names the error.
 */
final class MediaEndpoints {
  static final int THUMB_SIDE = 160;
  static final int IMAGE_SIDE = 1024;
  static final long MAX_AUDIO_BYTES = 64L << 20;
  static final int BATCH_ROWS = 16;
  static final long BATCH_WAIT_SECONDS = 60;

  private final TableDirectory directory;
  private final ReadOnlyQueries queries;
  private final ThumbnailCache cache;

  MediaEndpoints(TableDirectory directory, ReadOnlyQueries queries, ThumbnailCache cache) {
    this.directory = requireNonNull(directory, "directory is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.cache = requireNonNull(cache, "cache is null");
  }

  /** A cell a request names. */
  private record Cell(TableRef table, long rowId, String column) {
    String key(String kind, String detail) {
      return ThumbnailCache.key(
          kind,
          table.name(),
          table.snapshotId() == null ? null : String.valueOf(table.snapshotId()),
          String.valueOf(rowId),
          column,
          detail);
    }

    String from() {
      return " FROM " + table.rowsSql() + " WHERE _rowid = ?";
    }
  }

  private Cell cell(WebExchange exchange) {
    TableRef table =
        TableRef.find(
            directory, exchange.parameter("t"), SnapshotIds.parse(exchange.parameter("s")));
    String column = exchange.parameter("c");
    if (column == null || column.isBlank()) {
      throw SheafException.of(ErrorCode.INVALID_ARGUMENT, "Cannot show media: name a column (c)");
    }
    try {
      return new Cell(table, Long.parseLong(exchange.parameter("r", "")), column);
    } catch (NumberFormatException e) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT, "Cannot show media: r must be a row id (a number)");
    }
  }

  void thumb(WebExchange exchange) throws IOException {
    int side = side(exchange.parameter("size"), THUMB_SIDE, 512);
    // a thumbnail made already, or being made by its grid page's batch, needs no table lookup
    String key =
        ThumbnailCache.key(
            "image",
            exchange.parameter("t", ""),
            exchange.parameter("s"),
            exchange.parameter("r", ""),
            exchange.parameter("c", ""),
            String.valueOf(side));
    byte[] png = cache.get(key);
    CompletableFuture<byte[]> batch = png == null ? cache.pending(key) : null;
    if (batch != null) {
      try {
        png = batch.get(BATCH_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        png = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        png = null;
      }
    }
    if (png != null) {
      exchange.setHeader("Cache-Control", "private, max-age=86400");
      exchange.send(200, "image/png", png);
      return;
    }
    image(exchange, side);
  }

  /**
   * Makes the thumbnails of a grid page's rows in batched queries ({@value #BATCH_ROWS} row ids a
   * query, so Sheaf decodes a query's images ahead on its CPU pool) on {@code executor}, claiming
   * them first, so that the page's thumbnail requests find them made or being made.
   */
  void prefetch(TableRef table, List<String> rowIds, String column, Executor executor) {
    List<String> claimed = new ArrayList<>();
    for (String rowId : rowIds) {
      String key = thumbKey(table, rowId, column);
      if (cache.claim(key)) {
        claimed.add(rowId);
      }
    }
    for (int start = 0; start < claimed.size(); start += BATCH_ROWS) {
      List<String> batch = claimed.subList(start, Math.min(claimed.size(), start + BATCH_ROWS));
      try {
        executor.execute(() -> makeThumbnails(table, List.copyOf(batch), column));
      } catch (RejectedExecutionException e) {
        batch.forEach(rowId -> cache.finish(thumbKey(table, rowId, column), null));
      }
    }
  }

  private void makeThumbnails(TableRef table, List<String> rowIds, String column) {
    Map<String, byte[]> made = new HashMap<>();
    try {
      QueryRows rows =
          queries.run(
              "SELECT _rowid, thumbnail("
                  + TableRef.quote(column)
                  + ", "
                  + THUMB_SIDE
                  + ") AS m FROM "
                  + table.rowsSql()
                  + " WHERE _rowid IN ("
                  + rowIds.stream()
                      .map(Long::parseLong)
                      .map(String::valueOf)
                      .collect(java.util.stream.Collectors.joining(", "))
                  + ")",
              List.of(),
              rowIds.size());
      for (int i = 0; i < rows.rows().size(); i++) {
        if (rows.rows().get(i).get(1) instanceof byte[] png) {
          made.put(rows.text(i, "_rowid"), png);
        }
      }
    } catch (RuntimeException e) {
      // the requests make their thumbnails one by one, and show the error of each
    } finally {
      rowIds.forEach(rowId -> cache.finish(thumbKey(table, rowId, column), made.get(rowId)));
    }
  }

  private static String thumbKey(TableRef table, String rowId, String column) {
    return ThumbnailCache.key(
        "image",
        table.name(),
        table.snapshotId() == null ? null : String.valueOf(table.snapshotId()),
        rowId,
        column,
        String.valueOf(THUMB_SIDE));
  }

  void image(WebExchange exchange) throws IOException {
    image(exchange, side(exchange.parameter("size"), IMAGE_SIDE, IMAGE_SIDE));
  }

  private void image(WebExchange exchange, int side) throws IOException {
    Cell cell = cell(exchange);
    String expression = "thumbnail(" + TableRef.quote(cell.column()) + ", " + side + ")";
    rendition(exchange, cell, cell.key("image", String.valueOf(side)), expression, side);
  }

  /** A video frame at {@code at} seconds, resized to {@code w} x {@code h} (at most 320). */
  void frame(WebExchange exchange) throws IOException {
    Cell cell = cell(exchange);
    double at;
    try {
      at = Double.parseDouble(exchange.parameter("at", "0"));
    } catch (NumberFormatException e) {
      throw SheafException.of(ErrorCode.INVALID_ARGUMENT, "Cannot show a frame: at is seconds");
    }
    if (!(at >= 0) || at > 1e7) {
      throw SheafException.of(ErrorCode.INVALID_ARGUMENT, "Cannot show a frame at %s s", at);
    }
    int width = side(exchange.parameter("w"), THUMB_SIDE, 320);
    int height = side(exchange.parameter("h"), THUMB_SIDE * 9 / 16, 320);
    String expression =
        "resize(extract_frame("
            + TableRef.quote(cell.column())
            + ", CAST("
            + at
            + " AS DOUBLE)), "
            + width
            + ", "
            + height
            + ")";
    rendition(
        exchange,
        cell,
        cell.key("frame", at + "x" + width + "x" + height),
        expression,
        Math.max(width, height));
  }

  /** The recording of an AUDIO cell, for the page's audio player. */
  void audio(WebExchange exchange) throws IOException {
    Cell cell = cell(exchange);
    String column = TableRef.quote(cell.column());
    QueryRows size =
        queries.run(
            "SELECT media_size(" + column + ") AS n, format(" + column + ") AS f" + cell.from(),
            List.of(cell.rowId()),
            1);
    if (size.isEmpty() || size.text(0, "n") == null) {
      placeholder(exchange, 404, THUMB_SIDE, "NOT_FOUND", "no recording in this cell");
      return;
    }
    if (Long.parseLong(size.text(0, "n")) > MAX_AUDIO_BYTES) {
      placeholder(exchange, 413, THUMB_SIDE, "TOO_LARGE", "the recording is over 64 MB");
      return;
    }
    QueryRows bytes =
        queries.run("SELECT fetch(" + column + ") AS b" + cell.from(), List.of(cell.rowId()), 1);
    Object value = bytes.isEmpty() ? null : bytes.rows().get(0).get(0);
    if (!(value instanceof byte[] audio)) {
      placeholder(exchange, 404, THUMB_SIDE, "NOT_FOUND", "the recording cannot be read");
      return;
    }
    exchange.setHeader("Cache-Control", "private, max-age=3600");
    exchange.send(200, audioType(size.text(0, "f")), audio);
  }

  private void rendition(WebExchange exchange, Cell cell, String key, String expression, int side)
      throws IOException {
    byte[] png = cache.get(key);
    if (png == null) {
      QueryRows rows =
          queries.run("SELECT " + expression + " AS m" + cell.from(), List.of(cell.rowId()), 1);
      if (rows.isEmpty()) {
        placeholder(
            exchange, 404, side, "NOT_FOUND", "no row " + cell.rowId() + " in this version");
        return;
      }
      Object value = rows.rows().get(0).get(0);
      if (!(value instanceof byte[] bytes)) {
        QueryRows error =
            queries.run(
                "SELECT try_error(" + expression + ") AS e" + cell.from(),
                List.of(cell.rowId()),
                1);
        String text = error.isEmpty() ? null : error.text(0, "e");
        if (text == null) {
          placeholder(exchange, 200, side, "NULL", "this cell is NULL");
        } else {
          int colon = text.indexOf(':');
          placeholder(exchange, 200, side, colon > 0 ? text.substring(0, colon) : "ERROR", text);
        }
        return;
      }
      png = bytes;
      cache.put(key, png);
    }
    exchange.setHeader("Cache-Control", "private, max-age=86400");
    exchange.send(200, "image/png", png);
  }

  private static void placeholder(
      WebExchange exchange, int status, int side, String code, String message) throws IOException {
    exchange.setHeader("X-Sheaf-Error", code);
    exchange.send(status, "image/svg+xml", Placeholder.svg(Math.min(side, 320), code, message));
  }

  private static int side(String text, int fallback, int max) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= 16 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw SheafException.of(
        ErrorCode.INVALID_ARGUMENT, "Cannot make an image of side '%s': give 16 to %d", text, max);
  }

  static String audioType(String format) {
    return switch (format == null ? "" : format.toLowerCase(Locale.ROOT)) {
      case "mp3" -> "audio/mpeg";
      case "wav" -> "audio/wav";
      case "flac" -> "audio/flac";
      case "ogg" -> "audio/ogg";
      case "m4a", "aac" -> "audio/mp4";
      default -> "application/octet-stream";
    };
  }
}
