package dev.sheaf.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.iceberg.DataFileWriter;
import dev.sheaf.catalog.iceberg.IcebergSchemas;
import dev.sheaf.catalog.iceberg.TableRowReader;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.SheafType;
import dev.sheaf.spi.types.TypeKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Primary keys hold when two statements write the same key at once: each checks the key against the
 * version it started from, and the commit of the second fails its validation against the first's
 * new file, looks again, and reports DUPLICATE_KEY. The key lookup reads only files whose
 * statistics bracket one of the new keys.
 */
class PrimaryKeyConcurrencyTest {
  @TempDir Path directory;

  private SheafCatalog catalog;
  private TableWrites writes;
  private Table table;

  @BeforeEach
  void open() {
    catalog = SheafCatalog.open(CatalogConfig.embedded(directory));
    writes = new TableWrites(catalog);
    table =
        catalog.createTable(
            SheafCatalog.DEFAULT_SCHEMA,
            "keyed",
            List.of(
                new SheafColumn("id", SheafType.of(TypeKind.BIGINT), false),
                new SheafColumn("label", SheafType.of(TypeKind.VARCHAR), true)),
            List.of("id"),
            false);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void aKeyCommittedMeanwhileFailsTheLaterCommitOnAnEmptyTable() {
    assertSecondWriterRefused(null);
  }

  @Test
  void aKeyCommittedMeanwhileFailsTheLaterCommit() {
    writes.append(table, null, List.<Object[]>of(new Object[] {0L, "first"}));
    assertSecondWriterRefused(table.currentSnapshot());
  }

  /** Writer A checks key 7 at {@code base}; B inserts key 7 and commits; then A commits. */
  private void assertSecondWriterRefused(Snapshot base) {
    List<Object[]> rows = List.<Object[]>of(new Object[] {7L, "from A"});
    NewKeys keys = TableWrites.checkNewKeys(table, base, rows);
    List<DataFile> files = written(rows);

    writes.append(table, null, List.<Object[]>of(new Object[] {7L, "from B"}));

    assertThatThrownBy(() -> writes.commitAppend(table, null, files, keys, base))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_KEY));
    table.refresh();
    List<String> expected = base == null ? List.of("from B") : List.of("first", "from B");
    assertThat(labels()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(table.io().newInputFile(files.get(0).location()).exists()).isFalse();
  }

  @Test
  void otherKeysCommittedMeanwhileInTheSameRangeAreRetriedOnTop() {
    writes.append(table, null, List.<Object[]>of(new Object[] {100L, "first"}));
    Snapshot base = table.currentSnapshot();
    List<Object[]> rows = List.<Object[]>of(new Object[] {5L, "from A"});
    NewKeys keys = TableWrites.checkNewKeys(table, base, rows);
    List<DataFile> files = written(rows);
    // B's file spans keys 0..10: it may hold 5 by its statistics, so A's validation fails
    writes.append(
        table, null, List.<Object[]>of(new Object[] {0L, "B0"}, new Object[] {10L, "B10"}));

    long version = writes.commitAppend(table, null, files, keys, base);

    table.refresh();
    assertThat(version).isEqualTo(table.currentSnapshot().sequenceNumber()).isEqualTo(3);
    assertThat(labels()).containsExactlyInAnyOrder("first", "B0", "B10", "from A");
  }

  @Test
  void twoWritersOfTheSameKeysLeaveEachKeyOnce() throws Exception {
    int keys = 20;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (long key = 0; key < keys; key++) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
          Object[] row = {key, "writer " + w};
          writers.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      writes.append(table, null, List.<Object[]>of(row));
                      return true;
                    } catch (SheafException e) {
                      assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_KEY);
                      return false;
                    }
                  }));
        }
        start.countDown();
        int landed = 0;
        for (Future<Boolean> writer : writers) {
          landed += writer.get(1, TimeUnit.MINUTES) ? 1 : 0;
        }
        assertThat(landed).as("writes of key %d that landed", key).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    table.refresh();
    assertThat(labels()).hasSize(keys);
  }

  @Test
  void theKeyLookupReadsOnlyFilesWhoseStatisticsBracketANewKey() {
    for (long first : new long[] {0, 1000, 2000}) {
      List<Object[]> rows = new ArrayList<>();
      for (long id = first; id < first + 100; id++) {
        rows.add(new Object[] {id, "row"});
      }
      writes.append(table, null, rows);
    }
    table.refresh();
    Snapshot snapshot = table.currentSnapshot();
    TableRowReader reader = new TableRowReader(table, table.schema(), List.of("id"));

    // 50, 2050 and 201 keys past the last file: too many keys for Iceberg to prune by each one,
    // and a range that spans every file; only the first and last files bracket one of them
    List<Object[]> wide = new ArrayList<>();
    wide.add(new Object[] {50L, "x"});
    wide.add(new Object[] {2050L, "x"});
    for (long id = 3000; id < 3201; id++) {
      wide.add(new Object[] {id, "x"});
    }
    assertThat(firstKeys(NewKeys.of(table, wide).candidates(reader, snapshot)))
        .containsExactlyInAnyOrder(0L, 2000L);
    assertThat(
            firstKeys(
                NewKeys.of(table, List.<Object[]>of(new Object[] {1500L, "x"}))
                    .candidates(reader, snapshot)))
        .isEmpty();
    assertThat(
            firstKeys(
                NewKeys.of(table, List.<Object[]>of(new Object[] {1050L, "x"}))
                    .candidates(reader, snapshot)))
        .containsExactly(1000L);

    assertThatThrownBy(() -> writes.append(table, null, wide))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_KEY);
              assertThat(e.getMessage()).containsAnyOf("= [50]", "= [2050]");
            });
    assertThatThrownBy(
            () ->
                writes.append(
                    table,
                    null,
                    List.<Object[]>of(new Object[] {3000L, "x"}, new Object[] {3000L, "y"})))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_KEY));
  }

  @Test
  void compositeKeysOfTextAndDatesAreFoundByValue() {
    Table dated =
        catalog.createTable(
            SheafCatalog.DEFAULT_SCHEMA,
            "dated",
            List.of(
                new SheafColumn("name", SheafType.of(TypeKind.VARCHAR), false),
                new SheafColumn("day", SheafType.of(TypeKind.DATE), false),
                new SheafColumn("amount", SheafType.decimal(10, 2), true)),
            List.of("name", "day"),
            false);
    writes.append(
        dated,
        null,
        List.<Object[]>of(
            new Object[] {"a fairly long name past sixteen characters", 19000, null},
            new Object[] {"b", 19001, null}));
    writes.append(dated, null, List.<Object[]>of(new Object[] {"m", 19000, null}));
    // the same name on another day, another name on the same day: both free
    writes.append(
        dated,
        null,
        List.<Object[]>of(
            new Object[] {"a fairly long name past sixteen characters", 19001, null},
            new Object[] {"c", 19000, null}));
    assertThatThrownBy(
            () ->
                writes.append(
                    dated,
                    null,
                    List.<Object[]>of(
                        new Object[] {"z", 1, null},
                        new Object[] {"a fairly long name past sixteen characters", 19000, null})))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_KEY);
              assertThat(e.getMessage()).contains("[name, day]");
            });
  }

  private List<Long> firstKeys(List<FileScanTask> tasks) {
    int id = table.schema().findField("id").fieldId();
    return tasks.stream()
        .map(
            task ->
                org.apache.iceberg.types.Conversions.<Long>fromByteBuffer(
                    table.schema().findType("id"), task.file().lowerBounds().get(id)))
        .toList();
  }

  private List<DataFile> written(List<Object[]> rows) {
    long rowId = catalog.allocateRowIds(table, rows.size());
    List<Object[]> withIds = new ArrayList<>();
    for (Object[] row : rows) {
      Object[] full = new Object[row.length + 1];
      full[0] = rowId++;
      System.arraycopy(row, 0, full, 1, row.length);
      withIds.add(full);
    }
    return DataFileWriter.writeAll(table, table.schema(), TableWrites.ROWS_PER_FILE, withIds);
  }

  private List<String> labels() {
    Snapshot snapshot = table.currentSnapshot();
    List<String> labels = new ArrayList<>();
    TableRowReader reader =
        new TableRowReader(table, table.schema(), List.of(IcebergSchemas.ROWID, "label"));
    try (var rows = reader.readAll(snapshot.snapshotId(), Expressions.alwaysTrue())) {
      while (rows.hasNext()) {
        labels.add((String) rows.next()[1]);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return labels;
  }
}
