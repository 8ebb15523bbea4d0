package dev.sheaf.catalog.iceberg;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes files Sheaf wrote on a local disk durable before the catalog commit that names them: the
 * file's bytes ({@code fsync}), then its directory's entry for it (an {@code fsync} of the
 * directory), and the entries of directories it had to create. Without this a power loss (not a
 * crashed process: the page cache outlives the process) can leave the catalog, whose SQLite commit
 * is synchronous, naming a metadata or data file that is empty or missing, and the table
 * unreadable.
 *
 * <p>On by default; the JVM property {@value #PROPERTY}{@code =false} turns it off (a scratch
 * warehouse, a benchmark of the disk without it). Linux and macOS allow an {@code fsync} of a
 * directory opened for reading; a platform that refuses it (Windows) skips the directory.
 */
public final class FileSync {
  public static final String PROPERTY = "sheaf.fsync";

  private static final boolean ENABLED =
      !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").strip());
  private static volatile Consumer<Path> observer;

  private FileSync() {}

  /** Whether files are synced (the {@value #PROPERTY} property). */
  public static boolean enabled() {
    return ENABLED;
  }

  /** Syncs a file that was written and closed, then its directory. */
  public static void fileAndDirectory(Path file) throws IOException {
    file(file);
    directoryOf(file);
  }

  /** Syncs the bytes of a file that was written and closed. */
  public static void file(Path file) throws IOException {
    if (!ENABLED) {
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Consumer<Path> watching = observer;
    if (watching != null) {
      watching.accept(file);
    }
  }

  /** Syncs the directory holding {@code file}: its entry (a new name, a rename) is durable. */
  public static void directoryOf(Path file) throws IOException {
    if (ENABLED) {
      directory(file.toAbsolutePath().getParent());
    }
  }

  /** Creates a directory and its missing parents, syncing the parent of each one created. */
  public static void createDirectories(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path at = absolute; at != null && !Files.isDirectory(at); at = at.getParent()) {
      missing.addFirst(at);
    }
    Files.createDirectories(absolute);
    if (!ENABLED) {
      return;
    }
    for (Path created : missing) {
      directory(created.getParent());
    }
  }

  private static void directory(Path directory) throws IOException {
    if (directory == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (java.nio.file.AccessDeniedException e) {
      // Windows opens no directory as a file; its entries are durable when the file is
    }
  }

  /**
   * Hands every file synced from now on to {@code watcher} until the returned handle closes (tests
   * check that each file a commit names was synced).
   */
  public static AutoCloseable observe(Consumer<Path> watcher) {
    observer = watcher;
    return () -> observer = null;
  }
}
