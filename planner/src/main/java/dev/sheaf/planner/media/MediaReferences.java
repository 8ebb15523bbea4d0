package dev.sheaf.planner.media;

import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.spi.types.SheafColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * The media URIs that the kept versions of a table name: every media cell of every data file that
 * any of its snapshots (all branches and tags) holds. Each manifest and each data file is read
 * once, whatever number of snapshots share it, and only the media columns are decoded. Rows that a
 * delete file removes are counted as referenced: a file is read without its deletes, which may keep
 * an object longer but never drops one a kept version still reads.
 */
final class MediaReferences {
  private MediaReferences() {}

  /** Hands each media URI of {@code table}'s kept versions that starts with {@code prefix}. */
  static void forEach(Table table, String prefix, Consumer<String> uris) {
    Schema media = mediaFields(table);
    if (media.columns().isEmpty()) {
      return;
    }
    for (DataFile file : liveDataFiles(table)) {
      read(table, file, media, prefix, uris);
    }
  }

  /** Whether any schema the table ever had holds a media column. */
  static boolean hasMedia(Table table) {
    return !mediaFields(table).columns().isEmpty();
  }

  /**
   * Every media column of every schema of the table, by field id (a dropped column may still be in
   * old snapshots), named by id so two columns that had the same name at different times stay
   * apart.
   */
  private static Schema mediaFields(Table table) {
    Map<Integer, Types.NestedField> fields = new LinkedHashMap<>();
    for (Schema schema : table.schemas().values()) {
      for (SheafColumn column : IcebergSchemas.columns(schema)) {
        if (column.type().isMedia()) {
          int id = schema.findField(column.name()).fieldId();
          fields.putIfAbsent(id, Types.NestedField.optional(id, "m" + id, Types.StringType.get()));
        }
      }
    }
    return new Schema(new ArrayList<>(fields.values()));
  }

  private static List<DataFile> liveDataFiles(Table table) {
    Set<String> manifests = new HashSet<>();
    Map<String, DataFile> files = new LinkedHashMap<>();
    for (Snapshot snapshot : table.snapshots()) {
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        if (manifest.content() != ManifestContent.DATA || !manifests.add(manifest.path())) {
          continue;
        }
        try (ManifestReader<DataFile> reader =
            ManifestFiles.read(manifest, table.io(), table.specs())) {
          for (DataFile file : reader) {
            files.putIfAbsent(file.location(), file.copyWithoutStats());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return List.copyOf(files.values());
  }

  private static void read(
      Table table, DataFile file, Schema media, String prefix, Consumer<String> uris) {
    try (CloseableIterable<Record> records =
        Parquet.read(table.io().newInputFile(file.location()))
            .project(media)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(media, fileSchema))
            .build()) {
      int width = media.columns().size();
      for (Record record : records) {
        for (int i = 0; i < width; i++) {
          if (record.get(i) instanceof CharSequence uri && uri.toString().startsWith(prefix)) {
            uris.accept(uri.toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
