package dev.sheaf.catalog.iceberg;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A warehouse data file as a local file, readable until closed ({@link WarehouseFiles#open}). For a
 * cached copy, closing lets the cache evict it again; for a file of a local warehouse it does
 * nothing.
 */
public final class LocalDataFile implements AutoCloseable {
  private final File file;
  private final AutoCloseable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  public LocalDataFile(File file, AutoCloseable release) {
    this.file = requireNonNull(file, "file is null");
    this.release = requireNonNull(release, "release is null");
  }

  /** A file of a local warehouse: nothing to release. */
  public static LocalDataFile of(File file) {
    return new LocalDataFile(file, () -> {});
  }

  public File file() {
    return file;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        release.close();
      } catch (Exception e) {
        throw new IllegalStateException("Cannot release the local copy of " + file, e);
      }
    }
  }
}
