package dev.sheaf.benchmarks;

import dev.sheaf.catalog.SheafCatalog;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The benchmark table: eight columns of the kinds a training-data table holds (ints, doubles, short
 * strings, a timestamp), filled with rows that depend only on their index, so every run and every
 * peer sees the same data.
 */
final class ExampleTable {
  static final String SCHEMA = SheafCatalog.DEFAULT_SCHEMA;
  static final String NAME = "bench_examples";

  /** Labels of the low-cardinality string column the aggregate groups by. */
  static final List<String> LABELS =
      List.of("bird", "boat", "car", "cat", "dog", "horse", "plane", "truck");

  /** Values of {@code bucket} run from 0 to BUCKETS - 1, uniformly. */
  static final int BUCKETS = 1000;

  static final List<SheafColumn> COLUMNS =
      List.of(
          column("id", TypeKind.BIGINT),
          column("bucket", TypeKind.INTEGER),
          column("quantity", TypeKind.INTEGER),
          column("score", TypeKind.DOUBLE),
          column("weight", TypeKind.DOUBLE),
          column("label", TypeKind.VARCHAR),
          column("name", TypeKind.VARCHAR),
          column("created_at", TypeKind.TIMESTAMP));

  /** 2024-01-01T00:00:00 in microseconds since the epoch. */
  private static final long START_MICROS = 1_704_067_200_000_000L;

  private ExampleTable() {}

  private static SheafColumn column(String name, TypeKind kind) {
    return new SheafColumn(name, SheafType.of(kind), true);
  }

  static List<String> columnNames() {
    return COLUMNS.stream().map(SheafColumn::name).toList();
  }

  /** Row {@code index} of the table, in the order of {@link #COLUMNS}. */
  static Object[] row(long index) {
    long hash = mix(index);
    int bucket = (int) Long.remainderUnsigned(hash, BUCKETS);
    int quantity = (int) ((hash >>> 12) & 0xFFFF);
    double score = ((hash >>> 11) & ((1L << 20) - 1)) / (double) (1L << 20);
    double weight = (int) ((hash >>> 31) & 0xFFFF) / 100.0;
    String label = LABELS.get((int) ((hash >>> 48) & 7));
    String name = "img-" + Long.toString(index % 1_000_000, 36);
    long createdAt = START_MICROS + index * 1_000_000L;
    return new Object[] {index, bucket, quantity, score, weight, label, name, createdAt};
  }

  /** SplitMix64's finaliser: a cheap, well-spread hash of the row index. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Rows in the table's current snapshot, from the snapshot summary; 0 when it has none. */
  static long rowCount(Table table) {
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      return 0;
    }
    String total = snapshot.summary().get("total-records");
    return total == null ? -1 : Long.parseLong(total);
  }

  /** The Parquet data files of the table's current snapshot, in scan order. */
  static List<String> dataFiles(Table table) {
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        files.add(task.file().location());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
