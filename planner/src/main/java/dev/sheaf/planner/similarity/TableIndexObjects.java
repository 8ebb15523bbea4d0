package dev.sheaf.planner.similarity;

import dev.sheaf.index.store.IndexObjects;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * An index's objects in the table's warehouse location, {@code <table location>/index/<index
 * name>/}, through the table's own Iceberg FileIO (a local directory or an S3/B2 prefix: whatever
 * holds the table's data files holds its indexes).
 */
final class TableIndexObjects implements IndexObjects {
  private final FileIO io;
  private final String prefix;

  private TableIndexObjects(FileIO io, String prefix) {
    this.io = io;
    this.prefix = prefix;
  }

  /** The objects of index {@code name} of {@code table}. */
  static TableIndexObjects of(Table table, String name) {
    return new TableIndexObjects(table.io(), tablePrefix(table) + name + "/");
  }

  /** The prefix under which every index of the table keeps its objects. */
  static String tablePrefix(Table table) {
    String location = table.location();
    return (location.endsWith("/") ? location : location + "/") + "index/";
  }

  /** Deletes the objects of every index of a dropped table. */
  static void deleteTable(Table table) {
    deletePrefix(table.io(), tablePrefix(table));
  }

  @Override
  public String location() {
    return prefix;
  }

  @Override
  public Optional<byte[]> read(String name) {
    try (InputStream in = io.newInputFile(prefix + name).newStream()) {
      return Optional.of(in.readAllBytes());
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (IOException | UncheckedIOException e) {
      throw storage("read", name, e);
    }
  }

  @Override
  public void write(String name, byte[] bytes) {
    try (OutputStream out = io.newOutputFile(prefix + name).createOrOverwrite()) {
      out.write(bytes);
    } catch (IOException | UncheckedIOException e) {
      throw storage("write", name, e);
    }
  }

  @Override
  public void upload(Path file, String name) {
    try (OutputStream out = io.newOutputFile(prefix + name).createOrOverwrite()) {
      Files.copy(file, out);
    } catch (IOException | UncheckedIOException e) {
      throw storage("upload", name, e);
    }
  }

  @Override
  public boolean download(String name, Path file) {
    try (InputStream in = io.newInputFile(prefix + name).newStream()) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (IOException | UncheckedIOException e) {
      throw storage("download", name, e);
    }
  }

  @Override
  public List<StoredObject> list(String namePrefix) {
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      return List.of();
    }
    List<StoredObject> objects = new ArrayList<>();
    for (FileInfo file : prefixes.listPrefix(prefix + namePrefix)) {
      if (file.location().startsWith(prefix)) {
        objects.add(
            new StoredObject(
                file.location().substring(prefix.length()),
                Instant.ofEpochMilli(file.createdAtMillis())));
      }
    }
    return objects;
  }

  @Override
  public void delete(String name) {
    io.deleteFile(prefix + name);
  }

  @Override
  public void deleteAll() {
    deletePrefix(io, prefix);
  }

  private static void deletePrefix(FileIO io, String prefix) {
    if (io instanceof SupportsPrefixOperations prefixes) {
      prefixes.deletePrefix(prefix);
    }
  }

  private SheafException storage(String verb, String name, Exception e) {
    return new SheafException(
        ErrorCode.STORAGE_ERROR,
        String.format(
            "Cannot %s index object %s%s: %s (check the warehouse's endpoint, credentials and"
                + " free space)",
            verb, prefix, name, e.getMessage()),
        e);
  }
}
