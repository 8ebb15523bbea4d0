package dev.sheaf.catalog.arrow;

import dev.sheaf.catalog.iceberg.WarehouseFiles;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetUtil;

/**
 * The Parquet files an ingest stages, made data files of a table as each one is written: its
 * metrics read from its local footer, then the file published to the warehouse ({@link
 * WarehouseFiles#publish}: a no-op on local disk, an upload to S3/B2), on {@link #UPLOADS_AT_ONCE}
 * threads while the writer goes on with the next files. Nothing is committed here.
 */
final class DataFileUploads implements AutoCloseable {
  static final int UPLOADS_AT_ONCE = 4;

  private record Upload(Path staged, String location, Future<DataFile> done) {}

  private final Table table;
  private final WarehouseFiles warehouse;
  private final String dataLocation;
  private final Path staging;
  private final MetricsConfig metrics;
  private final ExecutorService threads =
      Executors.newFixedThreadPool(
          UPLOADS_AT_ONCE, Thread.ofPlatform().daemon().name("sheaf-upload-", 0).factory());
  private final List<Upload> uploads = new ArrayList<>();

  DataFileUploads(Table table, WarehouseFiles warehouse, String dataLocation, Path staging) {
    this.table = table;
    this.warehouse = warehouse;
    this.dataLocation = dataLocation;
    this.staging = staging;
    this.metrics = MetricsConfig.forTable(table);
  }

  /** Starts publishing a complete staged file; returns at once. */
  synchronized void submit(Path staged) {
    String location = warehouse.location(dataLocation, staging, staged);
    uploads.add(new Upload(staged, location, threads.submit(() -> publish(staged, location))));
  }

  private DataFile publish(Path staged, String location) {
    // metrics and size before publishing: an uploaded file moves into the warehouse cache
    DataFile file =
        DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath(location)
            .withFormat(FileFormat.PARQUET)
            .withFileSizeInBytes(staged.toFile().length())
            .withMetrics(
                ParquetUtil.fileMetrics(
                    org.apache.iceberg.Files.localInput(staged.toFile()), metrics))
            .build();
    warehouse.publish(staged, location);
    return file;
  }

  /**
   * Waits for every submitted file and returns the data files in staged path order, which is the
   * order the rows arrived.
   */
  List<DataFile> finish() {
    List<Upload> all = snapshot();
    List<DataFile> files = new ArrayList<>();
    try {
      for (Upload upload : all) {
        files.add(upload.done().get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new SheafException(
          ErrorCode.STORAGE_ERROR,
          "Cannot publish the data files of table " + table.name() + ": " + e.getCause(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SheafException.of(
          ErrorCode.CANCELLED, "Cannot publish the data files of table %s: interrupted", table);
    }
    return files;
  }

  /**
   * Waits for the uploads still running (their outcome no longer matters) and returns the location
   * of every submitted file, uploaded or not, for the caller to delete.
   */
  List<String> abandon() {
    List<Upload> all = snapshot();
    for (Upload upload : all) {
      try {
        upload.done().get();
      } catch (ExecutionException e) {
        // this file never made it; the caller deletes it anyway
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return all.stream().map(Upload::location).toList();
  }

  private synchronized List<Upload> snapshot() {
    return uploads.stream().sorted(Comparator.comparing(Upload::staged)).toList();
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
