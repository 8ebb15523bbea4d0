package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.planner.exec.PartitionPlan;
import dev.sheaf.planner.vector.RowWindow;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries on Calcite's row engine that split at their table scan: each partition reads a row window
 * of the pinned snapshot, the windows are disjoint, cover every row once and read the same rows
 * every time, with filters, string functions and media functions.
 */
class ScanSplitTest {
  @TempDir Path directory;
  private Path images;
  private SheafEngine engine;

  @BeforeEach
  void open() throws IOException {
    images = Files.createDirectories(directory.resolve("data/images"));
    MediaSqlTest.copy("horse.png", images.resolve("horse.png"));
    MediaSqlTest.copy("rocket.jpg", images.resolve("rocket.jpg"));
    engine = SheafEngine.open(directory.resolve("data"));
    update("CREATE TABLE photos (id INTEGER, img IMAGE, label VARCHAR)");
    // several inserts make several data files: windows cross file boundaries
    for (int file = 0; file < 5; file++) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 13; i++) {
        int id = file * 13 + i;
        String image = id % 2 == 0 ? "horse.png" : "rocket.jpg";
        values
            .append(values.isEmpty() ? "" : ", ")
            .append("(")
            .append(id)
            .append(", '")
            .append(images.resolve(image).toUri())
            .append("', 'l")
            .append(id % 7)
            .append("')");
      }
      update("INSERT INTO photos VALUES " + values);
    }
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void update(String sql) {
    engine.execute(sql).close();
  }

  @Test
  void rowEngineQueriesSplitAtTheScan() {
    String sql =
        "SELECT id, upper(label) AS l, char_length(label) + id AS n FROM photos WHERE id > 3";
    assertSplits(sql, 4, 61);
  }

  @Test
  void mediaFunctionsSplitAtTheScan() {
    String sql = "SELECT id, width(img) AS w, format(img) AS f FROM photos WHERE label <> 'l3'";
    List<List<Object>> rows = assertSplits(sql, 3, 65 - 9);
    assertThat(rows).allSatisfy(row -> assertThat(row.get(1)).isIn(400, 640));
    String fetch = "SELECT id, fetch(img) AS image, label FROM photos WHERE id < 12";
    assertSplits(fetch, 5, 12);
  }

  @Test
  void queriesThatCannotSplitAreNotPinned() {
    for (String sql :
        List.of(
            "SELECT label, count(*) FROM photos GROUP BY label",
            "SELECT id FROM photos ORDER BY id",
            "SELECT upper(label) FROM photos LIMIT 3",
            "SELECT a.id FROM photos a JOIN photos b ON a.id = b.id",
            "SELECT id, row_number() OVER (ORDER BY id) FROM photos",
            "SELECT id FROM photos UNION ALL SELECT id FROM photos")) {
      PartitionPlan plan = engine.partition(sql, 1);
      assertThat(plan.pin()).as(sql).isNull();
      assertThat(plan.partitions()).as(sql).isEqualTo(1);
      assertThat(engine.partition(sql, 4).kept()).as(sql).isNotNull();
    }
    PartitionPlan scan = engine.partition("SELECT id FROM photos", 2);
    assertThatThrownBy(
            () ->
                engine.executePartition(
                    "SELECT label, count(*) FROM photos GROUP BY label",
                    scan.pin(),
                    new RowWindow(0, 2),
                    new AtomicBoolean()))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  /** Checks the partitions against the whole result, and returns the rows of all partitions. */
  private List<List<Object>> assertSplits(String sql, int count, int rows) {
    List<List<Object>> whole = QueryRows.of(engine.execute(sql)).rows();
    assertThat(whole).hasSize(rows);
    PartitionPlan plan = engine.partition(sql, count);
    assertThat(plan.pin()).isNotNull();
    assertThat(plan.partitions()).isEqualTo(count);
    // a commit after planning: partitions still read the pinned snapshot
    update("INSERT INTO photos VALUES (1000, '" + images.resolve("horse.png").toUri() + "', 'l1')");
    List<List<Object>> parts = new ArrayList<>();
    Set<Object> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      List<List<Object>> part = read(sql, plan, new RowWindow(i, count));
      assertThat(read(sql, plan, new RowWindow(i, count))).isEqualTo(part);
      for (List<Object> row : part) {
        assertThat(ids.add(row.get(0))).as("row %s read twice", row.get(0)).isTrue();
      }
      parts.addAll(part);
    }
    assertThat(parts).isEqualTo(whole);
    return parts;
  }

  private List<List<Object>> read(String sql, PartitionPlan plan, RowWindow window) {
    return QueryRows.of(engine.executePartition(sql, plan.pin(), window, new AtomicBoolean()))
        .rows();
  }
}
