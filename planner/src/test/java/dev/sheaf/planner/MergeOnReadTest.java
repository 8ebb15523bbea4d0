package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.catalog.DeleteCompaction;
import dev.sheaf.spi.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Small UPDATEs and DELETEs are written merge-on-read (an equality delete file on {@code _rowid}
 * plus the new row versions), and every reader applies the deletes: the vectorized scan, the row
 * reader of writes and key checks, partitions, time travel, backfills and compaction.
 */
class MergeOnReadTest extends EngineTestCase {
  private static final int FILES = 5;
  private static final int ROWS_PER_FILE = 100;

  @BeforeEach
  void fillTable() {
    update("CREATE TABLE t (id BIGINT PRIMARY KEY, label VARCHAR, taken TIMESTAMP, n INTEGER)");
    for (int f = 0; f < FILES; f++) {
      int first = f * ROWS_PER_FILE;
      update(
          "INSERT INTO t VALUES "
              + LongStream.range(first, first + ROWS_PER_FILE)
                  .mapToObj(
                      id ->
                          "("
                              + id
                              + ", 'l"
                              + id % 7
                              + "', TIMESTAMP '2024-06-01 12:00:00.123456', "
                              + id
                              + ")")
                  .collect(Collectors.joining(", ")));
    }
  }

  @Test
  void aOneRowDeleteWritesADeleteFileAndTheRowIsGone() {
    long before = version();
    assertThat(update("DELETE FROM t WHERE id = 105")).isEqualTo(1);

    Snapshot head = table().currentSnapshot();
    assertThat(head.summary()).containsEntry("total-delete-files", "1");
    assertThat(head.summary()).containsEntry("total-data-files", String.valueOf(FILES));
    assertThat(query("SELECT count(*) FROM t")).containsExactly(List.of(499L));
    assertThat(ids("SELECT id FROM t WHERE id BETWEEN 103 AND 107"))
        .containsExactly(103L, 104L, 106L, 107L);
    assertThat(ids("SELECT id FROM t WHERE n >= 104 AND n <= 106")).containsExactly(104L, 106L);
    assertThat(query("SELECT count(*) FROM t FOR VERSION AS OF " + before))
        .containsExactly(List.of(500L));
  }

  @Test
  void aOneRowUpdateKeepsEveryOtherValueExactly() {
    assertThat(update("UPDATE t SET label = 'changed' WHERE id = 42")).isEqualTo(1);

    assertThat(table().currentSnapshot().summary()).containsEntry("total-delete-files", "1");
    assertThat(query("SELECT label, n FROM t WHERE id = 42"))
        .containsExactly(List.of("changed", 42));
    // the stored timestamp (microseconds) is carried over, not re-read through SQL
    assertThat(query("SELECT taken FROM t WHERE id = 42"))
        .isEqualTo(query("SELECT taken FROM t WHERE id = 43"));
    assertThat(query("SELECT taken FROM t WHERE id = 42").get(0).get(0))
        .isEqualTo(1_717_243_200_123_456L);
    assertThat(query("SELECT count(*), count(DISTINCT id) FROM t"))
        .containsExactly(List.of(500L, 500L));
  }

  @Test
  void aRowChangedAgainAndAgainHasOneVersion() {
    update("UPDATE t SET n = n + 1000 WHERE id = 7");
    update("UPDATE t SET n = n + 1000 WHERE id = 7");
    assertThat(query("SELECT n FROM t WHERE id = 7")).containsExactly(List.of(2007));
    assertThat(query("SELECT count(*) FROM t WHERE id = 7")).containsExactly(List.of(1L));

    update("DELETE FROM t WHERE id = 7");
    assertThat(query("SELECT count(*) FROM t WHERE id = 7")).containsExactly(List.of(0L));
    assertThat(query("SELECT count(*) FROM t")).containsExactly(List.of(499L));
  }

  @Test
  void aLargeChangeRewritesTheFilesInstead() {
    update("UPDATE t SET label = 'half' WHERE id < 250");
    Snapshot head = table().currentSnapshot();
    assertThat(head.summary().getOrDefault("total-delete-files", "0")).isEqualTo("0");
    assertThat(query("SELECT count(*) FROM t WHERE label = 'half'")).containsExactly(List.of(250L));
  }

  @Test
  void theTablePropertyChoosesTheMode() {
    table().updateProperties().set("write.delete.mode", "copy-on-write").commit();
    update("DELETE FROM t WHERE id = 1");
    assertThat(table().currentSnapshot().summary().getOrDefault("total-delete-files", "0"))
        .isEqualTo("0");

    table().updateProperties().set("write.update.mode", "merge-on-read").commit();
    update("UPDATE t SET n = 0 WHERE id < 400");
    assertThat(table().currentSnapshot().summary()).containsEntry("total-delete-files", "1");
    assertThat(query("SELECT count(*) FROM t WHERE n = 0")).containsExactly(List.of(399L));

    table().updateProperties().set("write.update.mode", "sometimes").commit();
    assertThat(failure("UPDATE t SET n = 1 WHERE id = 2").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void rewritesAndKeyChecksReadAroundTheDeletes() {
    update("DELETE FROM t WHERE id = 5");
    // a copy-on-write rewrite of the file that held row 5 must not bring it back
    update("UPDATE t SET label = 'all' WHERE id < 100");
    assertThat(query("SELECT count(*) FROM t WHERE id < 100")).containsExactly(List.of(99L));
    assertThat(query("SELECT count(*) FROM t WHERE id = 5")).containsExactly(List.of(0L));

    // the deleted key is free again; a live one is not
    update("INSERT INTO t VALUES (5, 'again', TIMESTAMP '2024-01-01 00:00:00', 5)");
    assertThat(query("SELECT label FROM t WHERE id = 5")).containsExactly(List.of("again"));
    assertThat(failure("INSERT INTO t VALUES (6, 'dup', NULL, 6)").code())
        .isEqualTo(ErrorCode.DUPLICATE_KEY);
  }

  @Test
  void compactionFoldsTheDeletesIntoDataFilesWithoutChangingARow() {
    for (long id = 10; id < 10 + DeleteCompaction.DELETE_FILES_TO_COMPACT - 2; id++) {
      update("DELETE FROM t WHERE id = " + id);
    }
    update("UPDATE t SET label = 'kept' WHERE id = 300");
    List<List<Object>> expected = query("SELECT id, label, n FROM t ORDER BY id");
    long beforeCompaction = version();

    assertThat(DeleteCompaction.compact(table()))
        .isEqualTo(DeleteCompaction.DELETE_FILES_TO_COMPACT - 1);

    Snapshot head = table().currentSnapshot();
    assertThat(head.summary().getOrDefault("total-delete-files", "0")).isEqualTo("0");
    assertThat(head.operation()).isEqualTo("replace");
    assertThat(query("SELECT id, label, n FROM t ORDER BY id")).isEqualTo(expected);
    assertThat(
            query(
                "SELECT id, label, n FROM t FOR VERSION AS OF "
                    + beforeCompaction
                    + " ORDER BY id"))
        .isEqualTo(expected);
    assertThat(DeleteCompaction.compact(table())).isZero();
  }

  @Test
  void aBackfillDoesNotBringDeletedRowsBack() throws Exception {
    update("DELETE FROM t WHERE id = 250");
    update("ALTER TABLE t ADD COLUMN twice AS (n * 2) STORED");
    waitForJobs();
    assertThat(query("SELECT count(*), sum(twice) FROM t"))
        .containsExactly(List.of(499L, 2L * (499L * 500L / 2 - 250L)));
    assertThat(query("SELECT count(*) FROM t WHERE id = 250")).containsExactly(List.of(0L));
  }

  private void waitForJobs() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      List<List<Object>> states = query("SELECT state FROM sys.jobs");
      if (states.stream().allMatch(row -> "DONE".equals(row.get(0)))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the backfill did not finish: " + query("SELECT * FROM sys.jobs"));
  }

  private Table table() {
    return engine.catalog().loadTable("main", "t");
  }

  private long version() {
    return table().currentSnapshot().sequenceNumber();
  }

  private List<Long> ids(String sql) {
    List<Long> ids = new ArrayList<>();
    for (List<Object> row : query(sql + " ORDER BY id")) {
      ids.add(((Number) row.get(0)).longValue());
    }
    return ids;
  }
}
