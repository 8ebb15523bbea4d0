package dev.sheaf.catalog.ingest;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One migration: what it copies, where, and the table that registers the copies (or none). Its id
 * is derived from those arguments, so running the same migration again finds its checkpoints and
 * resumes.
 *
 * @param table the table copies are registered in, {@code schema.table} (quoted parts are not
 *     supported: names without dots), or null
 * @param column the media column of that table, or null
 */
public record MigrationRun(String id, URI source, URI destination, String table, String column) {
  public MigrationRun {
    requireNonNull(id, "id is null");
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    if ((table == null) != (column == null)) {
      throw new IllegalArgumentException("table and column go together: " + table + ", " + column);
    }
    if (table != null && table.indexOf('.') <= 0) {
      throw new IllegalArgumentException("table is not schema.table: " + table);
    }
  }

  /** The schema of the registering table, or null. */
  public String schemaName() {
    return table == null ? null : table.substring(0, table.indexOf('.'));
  }

  /** The name of the registering table in its schema, or null. */
  public String tableName() {
    return table == null ? null : table.substring(table.indexOf('.') + 1);
  }

  /** The run of these arguments; the destination taken as a folder ('/' added when missing). */
  public static MigrationRun of(URI source, URI destination, String table, String column) {
    URI folder = destination.toString().endsWith("/") ? destination : URI.create(destination + "/");
    String identity = source + "\n" + folder + "\n" + table + "\n" + column;
    byte[] digest =
        ObjectDigest.sha256().update(identity.getBytes(StandardCharsets.UTF_8)).finish();
    String id = "ingest-" + HexFormat.of().formatHex(digest, 0, 12);
    return new MigrationRun(id, source, folder, table, column);
  }

  /** Where an object of the source goes. */
  public URI destinationOf(SourceObject object) {
    return URI.create(destination + object.key());
  }

  /** Whether the copies are registered in a table. */
  public boolean registers() {
    return table != null;
  }
}
