package dev.sheaf.catalog.sources;

import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.media.ListingPage;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads CSV or Parquet files matching a pattern ({@code file:///dir/*.csv}, {@code
 * s3://bucket/prefix/*.parquet}): the directory is listed through the media stores (so {@code
 * file://} stays inside the configured file roots and {@code s3://} uses the S3 profile of its
 * bucket), objects are copied to a temporary file and read with Arrow Dataset. The columns are the
 * union of the files' columns (a column missing from a file reads null there); a column whose type
 * differs between files fails with TYPE_MISMATCH. A cursor filters rows after reading: files have
 * no index to ask.
 */
final class FileSource implements SourceReader {
  private static final int PAGE = 1000;

  private final SourceDefinition source;
  private final MediaStores media;
  private final BufferAllocator allocator;

  FileSource(SourceDefinition source, MediaStores media, BufferAllocator allocator) {
    this.source = source;
    this.media = media;
    this.allocator = allocator;
  }

  /**
   * Checks a pattern at CREATE SOURCE: a directory and a file name pattern ending .csv or .parquet.
   */
  static void check(String uri) {
    String name = uri.substring(uri.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
    if (!uri.contains("/") || !(name.endsWith(".csv") || name.endsWith(".parquet"))) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot create a source from '%s': a file source names CSV or Parquet files, such as"
              + " file:///data/labels/*.csv or s3://bucket/prefix/*.parquet",
          uri);
    }
  }

  @Override
  public SourceRows read(SourceQuery query) {
    List<BlobInfo> files = list();
    Path temporary = null;
    try {
      Map<BlobInfo, Path> local = new LinkedHashMap<>();
      for (BlobInfo file : files) {
        if ("file".equals(file.uri().getScheme())) {
          local.put(file, Path.of(file.uri()));
        } else {
          if (temporary == null) {
            temporary = Files.createTempDirectory("sheaf-sync");
          }
          local.put(file, download(file, temporary));
        }
      }
      SourceRows rows = new SourceRows(columns(local));
      for (Map.Entry<BlobInfo, Path> file : local.entrySet()) {
        ArrowFileRows.read(allocator, file.getValue(), file.getKey().uri().toString(), rows);
      }
      return filtered(rows, query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTemporary(temporary);
    }
  }

  /** The files matching the pattern, in key order; SOURCE_UNAVAILABLE when the listing fails. */
  private List<BlobInfo> list() {
    String uri = source.uri();
    int slash = uri.lastIndexOf('/');
    String directory = uri.substring(0, slash + 1);
    PathMatcher pattern =
        FileSystems.getDefault().getPathMatcher("glob:" + uri.substring(slash + 1));
    List<BlobInfo> files = new ArrayList<>();
    try {
      String token = null;
      do {
        ListingPage page = media.list(URI.create(directory), token, PAGE);
        for (BlobInfo entry : page.entries()) {
          String relative = entry.uri().toString().substring(directory.length());
          if (!relative.contains("/") && pattern.matches(Path.of(relative))) {
            files.add(entry);
          }
        }
        token = page.nextPageToken();
      } while (token != null);
    } catch (SheafException e) {
      throw SheafException.of(
          ErrorCode.SOURCE_UNAVAILABLE,
          "Cannot list source '%s' (%s): %s",
          source.name(),
          uri,
          e.getMessage());
    }
    return files;
  }

  private Path download(BlobInfo file, Path directory) throws IOException {
    String name = file.uri().getPath();
    Path target = directory.resolve(name.substring(name.lastIndexOf('/') + 1));
    try (InputStream bytes = media.open(file.pin(), ByteRange.ALL)) {
      Files.copy(bytes, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (SheafException e) {
      throw SheafException.of(
          ErrorCode.SOURCE_UNAVAILABLE,
          "Cannot read source file %s: %s (try again)",
          file.uri(),
          e.getMessage());
    }
    return target;
  }

  /** The union of the files' columns, first seen first; TYPE_MISMATCH when two files disagree. */
  private List<SheafColumn> columns(Map<BlobInfo, Path> files) {
    Map<String, SheafColumn> columns = new LinkedHashMap<>();
    for (Map.Entry<BlobInfo, Path> file : files.entrySet()) {
      String origin = file.getKey().uri().toString();
      for (SheafColumn column : ArrowFileRows.columns(allocator, file.getValue(), origin)) {
        String name = column.name().toLowerCase(java.util.Locale.ROOT);
        SheafColumn seen = columns.putIfAbsent(name, column);
        if (seen != null && !seen.type().equals(column.type())) {
          throw SheafException.of(
              ErrorCode.TYPE_MISMATCH,
              "Cannot read source '%s': column %s is %s in %s but %s in an earlier file (make the"
                  + " files agree)",
              source.name(),
              column.name(),
              column.type(),
              origin,
              seen.type());
        }
      }
    }
    return List.copyOf(columns.values());
  }

  /** The rows past the cursor, and every row's key when asked. */
  private static SourceRows filtered(SourceRows rows, SourceQuery query) {
    if (query.allKeys()) {
      int[] keyAt = keyPositions(rows, query.keys());
      Set<List<Object>> keys = new HashSet<>();
      for (Object[] row : rows.rows()) {
        keys.add(SourceKeys.of(row, keyAt));
      }
      rows.allKeys(keys);
    }
    if (query.cursorColumn() == null || query.cursorAfter() == null) {
      return rows;
    }
    int cursor = rows.indexOf(query.cursorColumn());
    if (cursor < 0) {
      return rows; // the sync reports the missing column
    }
    SourceRows after = new SourceRows(rows.columns());
    after.allKeys(rows.allKeys());
    Map<String, Integer> origins = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Object value = rows.rows().get(i)[cursor];
      if (value != null && SyncCursor.compare(value, query.cursorAfter()) > 0) {
        int origin = origins.computeIfAbsent(rows.origin(i), after::origin);
        after.add(rows.rows().get(i), origin, rows.line(i));
      }
    }
    return after;
  }

  private static int[] keyPositions(SourceRows rows, List<String> keys) {
    int[] positions = new int[keys.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = rows.indexOf(keys.get(i));
      if (positions[i] < 0) {
        throw SheafException.of(
            ErrorCode.COLUMN_NOT_FOUND,
            "Cannot sync by key %s: the source has no such column (its columns are %s)",
            keys.get(i),
            rows.columns().stream().map(SheafColumn::name).toList());
      }
    }
    return positions;
  }

  private static void deleteTemporary(Path directory) {
    if (directory == null) {
      return;
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // a temporary copy left behind is removed with the temporary directory
    }
  }
}
