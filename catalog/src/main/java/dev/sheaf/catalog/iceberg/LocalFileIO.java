package dev.sheaf.catalog.iceberg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg file access for a warehouse on the local disk, through java.nio. Sheaf uses it instead of
 * Hadoop's file system, which needs JAAS calls that JDK 24 and later removed. Locations are plain
 * absolute paths or {@code file:} URIs. Prefix operations treat the prefix as a directory. As
 * {@link WarehouseFiles}, a data file is its own local copy and new files are written in place.
 */
public final class LocalFileIO implements SupportsPrefixOperations, WarehouseFiles {
  private static final long serialVersionUID = 1L;

  private Map<String, String> properties = Map.of();

  @Override
  public void initialize(Map<String, String> settings) {
    this.properties = Map.copyOf(settings);
  }

  /** The catalog properties it was initialized with (Iceberg reads its manifest cache settings). */
  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return org.apache.iceberg.Files.localInput(file(location));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    File file = file(location);
    try {
      FileSync.createDirectories(file.toPath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LocalOutputFile(location, file);
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(file(location).toPath());
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The regular files under a directory prefix, as plain paths; none when it does not exist. */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path root = file(prefix).toPath();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (attributes.isRegularFile()) {
          files.add(
              new FileInfo(
                  path.toString(), attributes.size(), attributes.creationTime().toMillis()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Deletes a directory prefix and everything under it. */
  @Override
  public void deletePrefix(String prefix) {
    Path root = file(prefix).toPath();
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public LocalDataFile open(String location, long size) {
    return LocalDataFile.of(file(location));
  }

  /** The data directory itself: the native writer writes the data files where they stay. */
  @Override
  public Path stagingDirectory(String dataLocation) {
    Path directory = file(dataLocation).toPath();
    try {
      FileSync.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return directory;
  }

  @Override
  public String location(String dataLocation, Path stagingDirectory, Path staged) {
    return staged.toAbsolutePath().toString();
  }

  /** The staged file is the data file: it only has to be durable ({@link FileSync}). */
  @Override
  public void publish(Path staged, String location) {
    try {
      FileSync.fileAndDirectory(staged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Nothing to do: the files stay where they are, and abandoned ones were deleted already. */
  @Override
  public void releaseStaging(Path stagingDirectory) {}

  public static File file(String location) {
    if (location.startsWith("file:")) {
      return Path.of(
              URI.create(
                  location.startsWith("file://") ? location : "file://" + location.substring(5)))
          .toFile();
    }
    return new File(location);
  }

  /**
   * An output file that reports the location it was created with, as Iceberg expects, and whose
   * stream syncs the file and its directory when it closes ({@link FileSync}): Iceberg closes every
   * data, delete, manifest and metadata file before the catalog commit that names it.
   */
  private record LocalOutputFile(String location, File file) implements OutputFile {
    @Override
    public org.apache.iceberg.io.PositionOutputStream create() {
      return new SyncedOutputStream(org.apache.iceberg.Files.localOutput(file).create(), file);
    }

    @Override
    public org.apache.iceberg.io.PositionOutputStream createOrOverwrite() {
      return new SyncedOutputStream(
          org.apache.iceberg.Files.localOutput(file).createOrOverwrite(), file);
    }

    @Override
    public InputFile toInputFile() {
      return org.apache.iceberg.Files.localInput(file);
    }
  }

  /** A local file's stream that syncs the file and its directory once it is closed. */
  private static final class SyncedOutputStream extends org.apache.iceberg.io.PositionOutputStream {
    private final org.apache.iceberg.io.PositionOutputStream out;
    private final File file;
    private boolean closed;

    SyncedOutputStream(org.apache.iceberg.io.PositionOutputStream out, File file) {
      this.out = out;
      this.file = file;
    }

    @Override
    public long getPos() throws IOException {
      return out.getPos();
    }

    @Override
    public long storedLength() throws IOException {
      return out.storedLength();
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      out.close();
      FileSync.fileAndDirectory(file.toPath());
    }
  }
}
