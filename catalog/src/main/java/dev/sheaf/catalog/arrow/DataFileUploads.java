package dev.sheaf.catalog.arrow;

import dev.sheaf.catalog.iceberg.WarehouseFiles;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetUtil;

/**
 * The Parquet files an ingest staged, made data files of a table: each file's metrics read from its
 * local footer, then the files published to the warehouse ({@link WarehouseFiles#publish}: a no-op
 * on local disk, an upload to S3/B2), {@link #UPLOADS_AT_ONCE} at a time. Nothing is committed
 * here.
 */
final class DataFileUploads {
  static final int UPLOADS_AT_ONCE = 4;

  private final Table table;
  private final WarehouseFiles warehouse;
  private final String dataLocation;
  private final Path staging;

  DataFileUploads(Table table, WarehouseFiles warehouse, String dataLocation, Path staging) {
    this.table = table;
    this.warehouse = warehouse;
    this.dataLocation = dataLocation;
    this.staging = staging;
  }

  /**
   * Adds a data file for every staged Parquet file to {@code files} (in path order, which is the
   * order the rows arrived) before publishing, so a caller that fails can delete each of them.
   */
  void publishAll(List<DataFile> files) {
    List<Path> staged = stagedFiles();
    MetricsConfig metrics = MetricsConfig.forTable(table);
    for (Path path : staged) {
      String location = warehouse.location(dataLocation, staging, path);
      files.add(
          DataFiles.builder(PartitionSpec.unpartitioned())
              .withPath(location)
              .withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(path.toFile().length())
              .withMetrics(
                  ParquetUtil.fileMetrics(
                      org.apache.iceberg.Files.localInput(path.toFile()), metrics))
              .build());
    }
    try (ExecutorService uploads = Executors.newFixedThreadPool(UPLOADS_AT_ONCE)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < staged.size(); i++) {
        Path path = staged.get(i);
        String location = files.get(files.size() - staged.size() + i).location();
        done.add(uploads.submit(() -> warehouse.publish(path, location)));
      }
      for (Future<?> upload : done) {
        upload.get();
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
  }

  private List<Path> stagedFiles() {
    if (!Files.isDirectory(staging)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(staging, 2)) {
      return paths.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
