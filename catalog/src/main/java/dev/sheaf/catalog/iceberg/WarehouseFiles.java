package dev.sheaf.catalog.iceberg;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.iceberg.io.FileIO;

/**
 * How Sheaf's native Parquet reader and writer (Arrow's C++ Dataset over JNI, which work on local
 * paths only) reach a warehouse's data files, whatever the storage: the one storage contract the
 * scan and bulk ingest use. A warehouse FileIO has it as a capability ({@link #of}).
 *
 * <p>Semantics every implementation keeps: data files are immutable once written, so a local copy
 * is as good as the object; {@link #open} returns a file holding exactly the data file's bytes
 * until the lease is closed; files are staged in a local directory and become data files only when
 * {@link #publish}ed, and until a commit references them they are not part of any table version.
 *
 * <ul>
 *   <li>Local warehouse ({@link LocalFileIO}): the data file itself; staging is the data directory.
 *   <li>S3/B2 warehouse ({@link S3WarehouseFileIO}): a copy in the byte-budgeted warehouse cache,
 *       downloaded once with concurrent ranged GETs; staged files are uploaded (multipart when
 *       large) by {@link #publish}.
 * </ul>
 */
public interface WarehouseFiles {

  /** The data file at {@code location}, of {@code size} bytes, as a local file until closed. */
  LocalDataFile open(String location, long size);

  /**
   * Starts bringing a data file a scan will read soon to local disk, without waiting; at most a few
   * run at once, and a hint that cannot be taken now is dropped.
   */
  default void prefetch(String location, long size) {}

  /** A local directory to write the new data files of {@code dataLocation} into, created empty. */
  Path stagingDirectory(String dataLocation);

  /** The warehouse location a file staged in {@code stagingDirectory} gets. */
  String location(String dataLocation, Path stagingDirectory, Path staged);

  /** Makes a staged file the data file at {@code location} (its bytes must not change after). */
  void publish(Path staged, String location);

  /** Releases a staging directory after its files were published or abandoned. */
  void releaseStaging(Path stagingDirectory);

  /** The capability of a table's FileIO; empty for storage Sheaf's native reader cannot reach. */
  static Optional<WarehouseFiles> of(FileIO io) {
    return io instanceof WarehouseFiles files ? Optional.of(files) : Optional.empty();
  }

  /** The capability of a table's FileIO, or a STORAGE_ERROR naming the FileIO. */
  static WarehouseFiles require(FileIO io) {
    return of(io)
        .orElseThrow(
            () ->
                SheafException.of(
                    ErrorCode.STORAGE_ERROR,
                    "Cannot read or write data files through %s: Sheaf's warehouses are local"
                        + " directories or s3:// prefixes (check the warehouse setting)",
                    io.getClass().getSimpleName()));
  }
}
