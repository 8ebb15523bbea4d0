package dev.sheaf.index.store;

import static java.util.Objects.requireNonNull;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The object that names one Lucene commit of an index in the warehouse, written after every file it
 * names, so a reader never sees a partial commit. A Java properties text, version {@value #FORMAT}
 * (checked on read: "expected 1, found X"): {@code format}, {@code table} (the table's uuid),
 * {@code definition} (the index's definition property, so a manifest of a dropped index of the same
 * name is not taken for this one), {@code snapshot} (the table snapshot the commit was synced to,
 * -1 when unknown), {@code segments} (the commit's {@code segments_N}) and {@code file.<i>} =
 * {@code <lucene name> TAB <object> TAB <size> TAB <checksum>} for every file of the commit, the
 * checksum being Lucene's footer CRC32 of the file.
 */
public record IndexManifest(
    String table, String definition, long snapshot, String segments, List<Entry> files) {
  static final String FORMAT = "1";

  /** One file of the commit: its Lucene name, the object holding it, its size and checksum. */
  public record Entry(String name, String object, long size, long checksum) {
    public Entry {
      requireNonNull(name, "name is null");
      requireNonNull(object, "object is null");
    }

    boolean sameFile(long otherSize, long otherChecksum) {
      return size == otherSize && checksum == otherChecksum;
    }
  }

  public IndexManifest {
    requireNonNull(table, "table is null");
    requireNonNull(definition, "definition is null");
    requireNonNull(segments, "segments is null");
    files = List.copyOf(files);
  }

  /** The entry of a Lucene file name, if the commit has that file. */
  public Optional<Entry> entry(String name) {
    return files.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Whether this manifest belongs to the index of this table and definition. */
  public boolean describes(String otherTable, String otherDefinition) {
    return table.equals(otherTable) && definition.equals(otherDefinition);
  }

  public byte[] toBytes() {
    Properties properties = new Properties();
    properties.setProperty("format", FORMAT);
    properties.setProperty("table", table);
    properties.setProperty("definition", definition);
    properties.setProperty("snapshot", Long.toString(snapshot));
    properties.setProperty("segments", segments);
    for (int i = 0; i < files.size(); i++) {
      Entry e = files.get(i);
      properties.setProperty(
          "file." + i, e.name() + "\t" + e.object() + "\t" + e.size() + "\t" + e.checksum());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      properties.store(out, "Sheaf index manifest");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Reads a manifest; a wrong format version or a damaged text is an INTERNAL_ERROR. */
  public static IndexManifest parse(byte[] bytes, String location) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)));
    } catch (IOException | IllegalArgumentException e) {
      throw damaged(location, e.getMessage());
    }
    String format = properties.getProperty("format");
    if (!FORMAT.equals(format)) {
      throw SheafException.of(
          ErrorCode.INTERNAL_ERROR,
          "Cannot read the index manifest in %s: format version expected %s, found %s (drop and"
              + " create the index again)",
          location,
          FORMAT,
          format);
    }
    try {
      List<Entry> files = new ArrayList<>();
      for (int i = 0; properties.containsKey("file." + i); i++) {
        String[] fields = properties.getProperty("file." + i).split("\t");
        files.add(
            new Entry(fields[0], fields[1], Long.parseLong(fields[2]), Long.parseLong(fields[3])));
      }
      return new IndexManifest(
          properties.getProperty("table"),
          properties.getProperty("definition"),
          Long.parseLong(properties.getProperty("snapshot", "-1")),
          properties.getProperty("segments"),
          files);
    } catch (RuntimeException e) {
      throw damaged(location, String.valueOf(e.getMessage()));
    }
  }

  private static SheafException damaged(String location, String reason) {
    return SheafException.of(
        ErrorCode.INTERNAL_ERROR,
        "Cannot read the index manifest in %s: %s (drop and create the index again)",
        location,
        reason);
  }
}
