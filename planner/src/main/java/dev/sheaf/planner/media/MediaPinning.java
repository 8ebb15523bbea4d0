package dev.sheaf.planner.media;

import static dev.sheaf.spi.error.ErrorCode.MEDIA_FORMAT_ERROR;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.media.ImageHeader;
import dev.sheaf.catalog.media.MediaConfig;
import dev.sheaf.catalog.media.MediaFormat;
import dev.sheaf.catalog.media.MediaStores;
import dev.sheaf.catalog.media.StoredPin;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.media.BlobInfo;
import dev.sheaf.spi.media.ByteRange;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.TypeKind;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Table;

/**
 * Checks and pins the media cells a statement writes, per the table's settings (Iceberg table
 * properties, set with {@code ALTER TABLE t SET ('media_validation' = 'on_read')}):
 *
 * <ul>
 *   <li>{@value #VALIDATION} {@code on_write} (the server's {@code media-validation} default): each
 *       URI is looked up (size, entity tag, version id) and its first bytes must be the column's
 *       kind of media; {@code on_read}: nothing is checked, the cell is pinned when first read.
 *   <li>{@value #ON_ERROR} {@code keep} (default): a cell that fails keeps its row, with the error
 *       in its pin ({@code media_error(col)} shows it); {@code abort}: the statement fails.
 * </ul>
 */
public final class MediaPinning {
  public static final String VALIDATION = "sheaf.media-validation";
  public static final String ON_ERROR = "sheaf.media-on-error";

  private final MediaStores stores;
  private final Table table;
  private final List<SheafColumn> columns;
  private final boolean validate;
  private final boolean abort;

  public MediaPinning(MediaStores stores, Table table) {
    this.stores = stores;
    this.table = table;
    this.columns = IcebergSchemas.columns(table.schema());
    Map<String, String> properties = table.properties();
    String validation = properties.get(VALIDATION);
    this.validate =
        (validation == null
                ? stores.config().validation()
                : MediaConfig.Validation.parse(validation))
            == MediaConfig.Validation.ON_WRITE;
    this.abort = "abort".equalsIgnoreCase(properties.getOrDefault(ON_ERROR, "keep"));
  }

  /**
   * The row to store for the user's values: pins for the media columns in {@code repin} (every
   * media column when null); other pin cells are left empty (an update keeps their old pins). Media
   * bytes (a byte[] in a media column: {@code INSERT ... VALUES (X'...')}, or a VARBINARY
   * expression) are {@linkplain #write written} to the destination and replaced by their URI, as
   * bytes arriving by bulk ingest are.
   */
  public Object[] storageRow(Object[] visible, Set<Integer> repin) {
    Map<String, String> pins = new HashMap<>();
    Object[] values = visible.clone();
    for (int i = 0; i < columns.size(); i++) {
      SheafColumn column = columns.get(i);
      if (!column.type().isMedia() || (repin != null && !repin.contains(i))) {
        continue;
      }
      if (values[i] instanceof byte[] bytes) {
        WrittenMedia written = write(column, bytes);
        values[i] = written.uri();
        pins.put(column.name(), written.pin());
      } else if (validate && values[i] instanceof String uri) {
        pins.put(column.name(), pin(column, uri).encode());
      }
    }
    return IcebergSchemas.storageRow(table.schema(), values, pins);
  }

  /** The encoded pin of a URI for a media column, or null when the table checks at read. */
  public String encodedPin(SheafColumn column, String uri) {
    return validate ? pin(column, uri).encode() : null;
  }

  /**
   * Writes media bytes for a column to the configured destination and returns the cell: its URI and
   * encoded pin. Keys are content-addressed: {@code <destination>tables/<table
   * uuid>/<column>/<sha-256 of the bytes>.<format>}, so writing the same bytes twice (a retried
   * ingest) stores one object, written once.
   */
  public WrittenMedia write(SheafColumn column, byte[] bytes) {
    Optional<MediaFormat> format = MediaFormat.sniff(bytes);
    String extension = format.map(MediaFormat::name).orElse("bin");
    java.net.URI uri =
        java.net.URI.create(
            mediaPrefix() + segment(column.name()) + "/" + sha256(bytes) + "." + extension);
    BlobInfo info = existing(uri, bytes.length).orElseGet(() -> stores.write(uri, bytes, null));
    if (format.isEmpty() || format.get().kind() != column.type().kind()) {
      SheafException error =
          SheafException.of(
              MEDIA_FORMAT_ERROR,
              "Cannot insert media bytes into %s column '%s': they are %s (insert %s media)",
              column.type(),
              column.name(),
              format.map(f -> f.kind() + " (" + f.name() + ")").orElse("of an unknown format"),
              column.type().toString().toLowerCase(Locale.ROOT));
      if (abort) {
        throw error;
      }
      return new WrittenMedia(uri.toString(), StoredPin.failed(error).encode());
    }
    try {
      headerParses(column, uri.toString(), bytes, bytes.length);
    } catch (SheafException e) {
      if (abort) {
        throw e;
      }
      return new WrittenMedia(uri.toString(), StoredPin.failed(e).encode());
    }
    return new WrittenMedia(uri.toString(), StoredPin.of(info, format.get().name()).encode());
  }

  /**
   * The object already under a content-addressed key, when its size matches: the same bytes were
   * written before (a retried ingest, the same image in two rows), and writing them again would
   * change the entity tag (a local file's modification time) that earlier rows pinned.
   */
  private Optional<BlobInfo> existing(java.net.URI uri, long size) {
    try {
      BlobInfo info = stores.stat(uri);
      return info.size() == size ? Optional.of(info) : Optional.empty();
    } catch (SheafException e) {
      return Optional.empty();
    }
  }

  /** Where this table's written media go: {@code <destination>tables/<table uuid>/}. */
  public java.net.URI mediaPrefix() {
    return mediaPrefix(stores, table);
  }

  /**
   * Where a table's written media go: {@code <destination>tables/<table uuid>/}. Keyed by the
   * table's Iceberg UUID, not its name: a table renamed keeps its folder, and a new table given the
   * old name gets a folder of its own.
   */
  public static java.net.URI mediaPrefix(MediaStores stores, Table table) {
    // concatenated, not resolved: URI.resolve would drop the empty authority of file:///
    return java.net.URI.create(stores.config().destination() + "tables/" + table.uuid() + "/");
  }

  /**
   * The name-keyed folder {@code <destination><schema>/<table>/} where Sheaf wrote a table's media
   * before folders were keyed by id; rows written then still name objects there.
   */
  static java.net.URI namedPrefix(MediaStores stores, Table table) {
    String[] name = table.name().split("\\.");
    String schema = name.length >= 2 ? name[name.length - 2] : "default";
    return java.net.URI.create(
        stores.config().destination()
            + segment(schema)
            + "/"
            + segment(name[name.length - 1])
            + "/");
  }

  private static String segment(String name) {
    return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /**
   * For an IMAGE column, that the image's header (size, format) parses, not only its first bytes: a
   * file cut short after its magic number is MEDIA_FORMAT_ERROR. A header that may lie past the
   * bytes read (a large EXIF block in a longer file) is not judged.
   */
  private static void headerParses(SheafColumn column, String uri, byte[] head, long size) {
    if (column.type().kind() != TypeKind.IMAGE) {
      return;
    }
    try {
      ImageHeader.read(uri, head);
    } catch (SheafException e) {
      if (head.length >= size) {
        throw SheafException.of(
            MEDIA_FORMAT_ERROR,
            "Cannot insert media %s into IMAGE column '%s': its header does not parse (%s)",
            uri,
            column.name(),
            e.getMessage());
      }
    }
  }

  /** A media cell written by Sheaf: its URI and encoded pin. */
  public record WrittenMedia(String uri, String pin) {}

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private StoredPin pin(SheafColumn column, String uri) {
    try {
      BlobInfo info = stores.stat(MediaStores.parse(uri));
      int headBytes =
          column.type().kind() == TypeKind.IMAGE ? ImageHeader.HEAD_BYTES : MediaFormat.HEAD_BYTES;
      byte[] head = stores.read(info.pin(), new ByteRange(0, headBytes));
      Optional<MediaFormat> format = MediaFormat.sniff(head);
      if (format.isEmpty() || format.get().kind() != column.type().kind()) {
        throw SheafException.of(
            MEDIA_FORMAT_ERROR,
            "Cannot insert media %s into %s column '%s': its bytes are %s (insert %s media or"
                + " use a column of its kind)",
            uri,
            column.type(),
            column.name(),
            format.map(f -> f.kind() + " (" + f.name() + ")").orElse("of an unknown format"),
            column.type().toString().toLowerCase(Locale.ROOT));
      }
      headerParses(column, uri, head, info.size());
      return StoredPin.of(info, format.get().name());
    } catch (SheafException e) {
      if (abort) {
        throw e;
      }
      return StoredPin.failed(e);
    }
  }
}
