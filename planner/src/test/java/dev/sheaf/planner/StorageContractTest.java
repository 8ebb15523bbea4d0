package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.catalog.config.CatalogConfig;
import dev.sheaf.catalog.iceberg.WarehouseFileIO;
import dev.sheaf.planner.exec.BackfillSettings;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every combination of catalog database and warehouse store must do, through SQL: one subclass
 * per combination. Each test uses its own table names, so a shared catalog (PostgreSQL) keeps
 * working across tests and runs. Files are checked by listing the store itself.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class StorageContractTest {
  @TempDir Path directory;
  protected SheafEngine engine;

  /** The catalog configuration of this combination; {@code directory} is the test's own. */
  protected abstract CatalogConfig config(Path directory);

  @BeforeEach
  void openEngine() {
    engine = SheafEngine.open(config(directory));
  }

  @AfterEach
  void closeEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  /** A table name no other test or run uses. */
  protected static String uniqueName(String stem) {
    return stem + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  protected static long update(SheafEngine engine, String sql) {
    try (var result = engine.execute(sql)) {
      return result.updateCount();
    }
  }

  protected static List<List<Object>> query(SheafEngine engine, String sql) {
    return QueryRows.of(engine.execute(sql)).rows();
  }

  protected static long count(SheafEngine engine, String table) {
    return (Long) query(engine, "SELECT count(*) FROM " + table).get(0).get(0);
  }

  private long update(String sql) {
    return update(engine, sql);
  }

  private List<List<Object>> query(String sql) {
    return query(engine, sql);
  }

  private ErrorCode failure(String sql) {
    try {
      engine.execute(sql).close();
    } catch (SheafException e) {
      return e.code();
    }
    throw new AssertionError("expected " + sql + " to fail");
  }

  /** The table's files as the store lists them: data, manifests, metadata. */
  protected Set<String> storedFiles(String table) {
    return storedFilesUnder(tableLocation(table));
  }

  private String tableLocation(String table) {
    return engine.catalog().loadTable("main", table).location();
  }

  protected Set<String> storedFilesUnder(String location) {
    try (FileIO io = WarehouseFileIO.open(engine.catalog().config())) {
      Set<String> files = new HashSet<>();
      for (FileInfo file : ((SupportsPrefixOperations) io).listPrefix(location + "/")) {
        files.add(file.location());
      }
      return files;
    }
  }

  private static Set<String> dataFiles(Set<String> files) {
    Set<String> data = new HashSet<>();
    for (String file : files) {
      if (file.endsWith(".parquet")) {
        data.add(file);
      }
    }
    return data;
  }

  private void images(String table) {
    update(
        "CREATE TABLE "
            + table
            + " (id INTEGER PRIMARY KEY, img IMAGE, label VARCHAR, score DOUBLE, emb VECTOR(3))");
    update(
        "INSERT INTO "
            + table
            + " VALUES (1, 's3://b/1.jpg', 'cat', 0.5, ARRAY[1.0, 0.0, 0.0]),"
            + " (2, 's3://b/2.jpg', 'dog', 0.25, ARRAY[0.0, 1.0, 0.0]),"
            + " (3, 's3://b/3.jpg', 'cat', 0.75, NULL)");
  }

  // ---- views

  @Test
  void viewsAreSharedByTheServersOfOneCatalog() {
    String t = uniqueName("view_base");
    String v = uniqueName("view_cats");
    String tiles = uniqueName("view_tiles");
    images(t);
    update("CREATE VIEW " + v + " AS SELECT id FROM " + t + " WHERE label = 'cat'");
    update(
        "CREATE VIEW "
            + tiles
            + " AS SELECT * FROM TABLE(image_tiles(TABLE "
            + t
            + ", size => 64))");
    try (SheafEngine other = SheafEngine.open(config(directory))) {
      assertThat(count(other, v)).isEqualTo(2);
      update(other, "CREATE OR REPLACE VIEW " + v + " AS SELECT id FROM " + t + " WHERE id = 2");
      // the objects are not reachable here: one error row per image, the insert succeeded
      update(other, "INSERT INTO " + t + " VALUES (4, 's3://b/4.jpg', 'owl', 0.1, NULL)");
      assertThat(count(other, tiles + " WHERE iterator_error IS NOT NULL")).isEqualTo(4);
    }
    assertThat(query("SELECT id FROM " + v)).containsExactly(List.of(2));
    assertThat(count(engine, tiles)).isEqualTo(4);
    assertThat(query("SHOW TABLES"))
        .contains(List.of("main", v, "VIEW"), List.of("main", tiles, "VIEW"));
    update("DROP VIEW " + v);
    update("DROP VIEW " + tiles);
    assertThat(failure("SELECT * FROM " + v)).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  // ---- compiled queries cached between executions

  private List<List<Object>> query(String sql, Object... parameters) {
    return QueryRows.of(engine.execute(sql, List.of(parameters), new AtomicBoolean())).rows();
  }

  @Test
  void preparedQueryRunsAgainWithoutRecompiling() {
    String t = uniqueName("cached");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    String sql = "SELECT label FROM " + t + " WHERE id = ?";
    int before = engine.cachedPlans();

    assertThat(query(sql, 1L)).containsExactly(List.of("one"));
    assertThat(query(sql, 3L)).containsExactly(List.of("three"));
    assertThat(query(sql, 2L)).containsExactly(List.of("two"));

    assertThat(engine.cachedPlans()).isEqualTo(before + 1);
  }

  @Test
  void executionAfterPlanningReusesThePlan() {
    String t = uniqueName("cached_planned");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'one'), (2, 'two')");
    String sql = "SELECT label FROM " + t + " ORDER BY id";
    int before = engine.cachedPlans();

    assertThat(engine.prepare(sql).columns()).hasSize(1);
    assertThat(query(sql)).containsExactly(List.of("one"), List.of("two"));

    assertThat(engine.cachedPlans()).isEqualTo(before + 1);
  }

  @Test
  void partitionReadsReuseThePinnedPlan() throws Exception {
    String t = uniqueName("cached_partitions");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')");
    String sql = "SELECT id FROM " + t;
    var plan = engine.partition(sql, 2);
    assertThat(plan.partitions()).isEqualTo(2);
    int before = engine.cachedPlans();
    List<Object> ids = new java.util.ArrayList<>();
    for (int epoch = 0; epoch < 2; epoch++) {
      ids.addAll(partitionIds(sql, plan.pin(), 2));
    }
    assertThat(engine.cachedPlans()).isEqualTo(before + 1);
    assertThat(ids).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 1L, 2L, 3L, 4L);
    // a commit after the pin: the partitions still read the pinned snapshot
    update("INSERT INTO " + t + " VALUES (5, 'five')");
    assertThat(partitionIds(sql, plan.pin(), 2)).hasSize(4);
  }

  @Test
  void scansAreVectorizedOnEveryStore() {
    String t = uniqueName("vector_scan");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    String sql = "SELECT id, label FROM " + t + " WHERE id >= 2";
    assertThat(query("EXPLAIN PLAN FOR " + sql).get(0).get(0).toString())
        .contains("SheafVectorScan");
    assertThat(query(sql)).containsExactlyInAnyOrder(List.of(2L, "two"), List.of(3L, "three"));
    // the row engine's scan (under a sort) reads the same files the same way
    assertThat(query("SELECT label FROM " + t + " ORDER BY id DESC"))
        .containsExactly(List.of("three"), List.of("two"), List.of("one"));
  }

  @Test
  void partitionsAreDisjointAndCoverEveryRowOnce() {
    String t = uniqueName("partitions");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    List<Object> expected = new ArrayList<>();
    for (int file = 0; file < 3; file++) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        long id = file * 50L + i;
        values.append(i == 0 ? "" : ", ").append("(").append(id).append(", 'x')");
        expected.add(id);
      }
      update("INSERT INTO " + t + " VALUES " + values);
    }
    String sql = "SELECT id FROM " + t + " WHERE label = 'x'";
    var plan = engine.partition(sql, 4);
    assertThat(plan.partitions()).isEqualTo(4);
    Set<Object> seen = new HashSet<>();
    int nonEmpty = 0;
    for (int part = 0; part < 4; part++) {
      List<Object> ids = partitionIds(sql, plan.pin(), part, 4);
      nonEmpty += ids.isEmpty() ? 0 : 1;
      for (Object id : ids) {
        assertThat(seen.add(id)).as("row %s read by two partitions", id).isTrue();
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(nonEmpty).isEqualTo(4);
  }

  @Test
  void rowGroupsThatCannotMatchAreNotRead() throws java.io.IOException {
    String t = uniqueName("row_groups");
    update("CREATE TABLE " + t + " (id BIGINT NOT NULL)");
    // 8 row groups of 32,768 ids in one file, ids ascending
    try (IdBatches ids =
        new IdBatches(engine.allocator(), 8, 32_768, (batch, row) -> batch * 32_768L + row, -1)) {
      engine.ingest(null, t, ids, dev.sheaf.planner.exec.TableIngest.Mode.APPEND);
    }
    try (var result = engine.execute("SELECT id FROM " + t + " WHERE id = 100000")) {
      var reader = (dev.sheaf.planner.vector.ArrowScanReader) result.rows();
      long rows = 0;
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
      assertThat(rows).isEqualTo(1);
      assertThat(reader.metrics().files()).isEqualTo(1);
      assertThat(reader.metrics().filteredRowGroups()).isGreaterThan(1);
      assertThat(reader.metrics().rowGroupsRead()).isEqualTo(1);
    }
  }

  @Test
  void everyIngestModeIsOneNewVersion() throws java.io.IOException {
    String t = uniqueName("ingest_modes");
    var modes =
        List.of(
            dev.sheaf.planner.exec.TableIngest.Mode.CREATE,
            dev.sheaf.planner.exec.TableIngest.Mode.APPEND,
            dev.sheaf.planner.exec.TableIngest.Mode.CREATE_APPEND,
            dev.sheaf.planner.exec.TableIngest.Mode.REPLACE);
    long[] expectedRows = {1000, 2000, 3000, 1000};
    for (int step = 0; step < modes.size(); step++) {
      int offset = step * 1000;
      try (IdBatches ids =
          new IdBatches(
              engine.allocator(), 4, 250, (batch, row) -> offset + batch * 250 + row, -1)) {
        assertThat(engine.ingest(null, t, ids, modes.get(step))).isEqualTo(1000);
      }
      assertThat(query("SELECT count(*) FROM \"" + t + "$history\"").get(0).get(0))
          .as("versions after %s", modes.get(step))
          .isEqualTo(step + 1L);
      assertThat(count(engine, t)).isEqualTo(expectedRows[step]);
    }
    // REPLACE is one overwrite: no version in the history is ever empty
    for (List<Object> version : query("SELECT version FROM \"" + t + "$history\"")) {
      assertThat(
              query("SELECT count(*) FROM " + t + " FOR VERSION AS OF " + version.get(0))
                  .get(0)
                  .get(0))
          .isNotEqualTo(0L);
    }
    assertThat(query("SELECT min(id), max(id) FROM " + t)).containsExactly(List.of(3000L, 3999L));
  }

  @Test
  void failedIngestLeavesNoVersionAndNoFiles() throws java.io.IOException {
    String t = uniqueName("failed_ingest");
    update("CREATE TABLE " + t + " (id BIGINT NOT NULL)");
    update("INSERT INTO " + t + " VALUES (1)");
    Set<String> before = dataFiles(storedFiles(t));
    // the first file (524,288 rows) is written and published before batch 15 brings a NULL
    try (IdBatches ids =
        new IdBatches(engine.allocator(), 20, 50_000, (batch, row) -> batch * 50_000L + row, 15)) {
      assertThatThrownBy(
              () -> engine.ingest(null, t, ids, dev.sheaf.planner.exec.TableIngest.Mode.REPLACE))
          .isInstanceOfSatisfying(
              SheafException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION));
    }
    assertThat(query("SELECT count(*) FROM \"" + t + "$history\"")).containsExactly(List.of(1L));
    assertThat(query("SELECT id FROM " + t)).containsExactly(List.of(1L));
    assertThat(dataFiles(storedFiles(t))).isEqualTo(before);
  }

  /** The first column of every partition of a pinned query, read in partition order. */
  private List<Object> partitionIds(String sql, dev.sheaf.planner.exec.TablePin pin, int count) {
    List<Object> ids = new java.util.ArrayList<>();
    for (int part = 0; part < count; part++) {
      ids.addAll(partitionIds(sql, pin, part, count));
    }
    return ids;
  }

  private List<Object> partitionIds(
      String sql, dev.sheaf.planner.exec.TablePin pin, int part, int count) {
    List<Object> ids = new java.util.ArrayList<>();
    var window = new dev.sheaf.planner.vector.RowWindow(part, count);
    try (var result = engine.executePartition(sql, pin, window, new AtomicBoolean())) {
      QueryRows.of(result).rows().forEach(row -> ids.add(row.get(0)));
    }
    return ids;
  }

  @Test
  void cachedQuerySeesEveryNewTableVersion() {
    String t = uniqueName("cached_versions");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'one')");
    String sql = "SELECT label FROM " + t + " WHERE id >= ? ORDER BY id";
    assertThat(query(sql, 0L)).containsExactly(List.of("one"));

    update("INSERT INTO " + t + " VALUES (2, 'two')");
    assertThat(query(sql, 0L)).containsExactly(List.of("one"), List.of("two"));
    update("DELETE FROM " + t + " WHERE id = 1");
    assertThat(query(sql, 0L)).containsExactly(List.of("two"));
  }

  @Test
  void cachedQuerySeesCommitsOfAnotherServer() {
    String t = uniqueName("cached_shared");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'one')");
    String sql = "SELECT count(*) FROM " + t + " WHERE id > ?";
    assertThat(query(sql, 0L)).containsExactly(List.of(1L));

    try (SheafEngine other = SheafEngine.open(config(directory))) {
      update(other, "INSERT INTO " + t + " VALUES (2, 'two')");
    }
    assertThat(query(sql, 0L)).containsExactly(List.of(2L));
  }

  @Test
  void cachedQueryFollowsDdl() {
    String t = uniqueName("cached_ddl");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'one')");
    String sql = "SELECT * FROM " + t + " WHERE id = ?";
    assertThat(query(sql, 1L)).containsExactly(List.of(1L, "one"));

    update("ALTER TABLE " + t + " ADD COLUMN score DOUBLE");
    assertThat(query(sql, 1L)).containsExactly(Arrays.asList(1L, "one", null));

    update("DROP TABLE " + t);
    assertThatThrownBy(() -> query(sql, 1L))
        .isInstanceOf(SheafException.class)
        .extracting(e -> ((SheafException) e).code())
        .isEqualTo(ErrorCode.TABLE_NOT_FOUND);

    update("CREATE TABLE " + t + " (id BIGINT, flag BOOLEAN)");
    update("INSERT INTO " + t + " VALUES (1, true)");
    assertThat(query(sql, 1L)).containsExactly(List.of(1L, true));
  }

  @Test
  void parameterValuesOfAnotherTypeCompileTheirOwnPlan() {
    String t = uniqueName("cached_types");
    update("CREATE TABLE " + t + " (id BIGINT, label VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'one'), (2, 'two')");
    String sql = "SELECT label FROM " + t + " WHERE id = ?";
    int before = engine.cachedPlans();

    assertThat(query(sql, 1L)).containsExactly(List.of("one"));
    assertThat(query(sql, 2)).containsExactly(List.of("two"));
    assertThat(query(sql, new java.math.BigDecimal("1"))).containsExactly(List.of("one"));
    assertThat(engine.cachedPlans()).isEqualTo(before + 3);
    assertThatThrownBy(() -> query(sql, "not a number"))
        .isInstanceOf(SheafException.class)
        .extracting(e -> ((SheafException) e).code())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(query(sql, 2L)).containsExactly(List.of("two"));
  }

  @Test
  void currentVersionIsTheLoadedMetadataFile() {
    String t = uniqueName("versions");
    assertThat(engine.catalog().currentVersion("main", t)).isEmpty();
    assertThat(engine.catalog().currentVersion("no_such_schema", t)).isEmpty();
    update("CREATE TABLE " + t + " (id BIGINT)");
    String created = engine.catalog().currentVersion("main", t).orElseThrow();
    assertThat(created)
        .isEqualTo(
            dev.sheaf.planner.schema.SheafSchema.version(engine.catalog().loadTable("main", t)));
    update("INSERT INTO " + t + " VALUES (1)");
    assertThat(engine.catalog().currentVersion("main", t)).isPresent().get().isNotEqualTo(created);
  }

  @Test
  void createInsertSelect() {
    String t = uniqueName("images");
    images(t);
    assertThat(query("SELECT id, label, emb FROM " + t + " WHERE score > 0.3 ORDER BY id"))
        .containsExactly(
            Arrays.asList(1, "cat", List.of(1f, 0f, 0f)), Arrays.asList(3, "cat", null));
    assertThat(query("SELECT label, count(*) AS n FROM " + t + " GROUP BY label ORDER BY label"))
        .containsExactly(List.of("cat", 2L), List.of("dog", 1L));
    Set<String> files = storedFiles(t);
    assertThat(dataFiles(files)).hasSize(1);
    assertThat(files).anyMatch(file -> file.endsWith(".metadata.json"));
  }

  @Test
  void updateDeleteAndMerge() {
    String t = uniqueName("images");
    images(t);
    assertThat(update("UPDATE " + t + " SET label = 'kitten', score = score + 1 WHERE id = 1"))
        .isEqualTo(1);
    assertThat(update("DELETE FROM " + t + " WHERE label = 'dog'")).isEqualTo(1);
    assertThat(
            update(
                "MERGE INTO "
                    + t
                    + " t USING (VALUES (3, 'lion'), (4, 'owl')) AS s(id, label) ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET label = s.label"
                    + " WHEN NOT MATCHED THEN INSERT (id, label) VALUES (s.id, s.label)"))
        .isEqualTo(2);
    assertThat(query("SELECT id, label, score FROM " + t + " ORDER BY id"))
        .containsExactly(
            Arrays.asList(1, "kitten", 1.5),
            Arrays.asList(3, "lion", 0.75),
            Arrays.asList(4, "owl", null));
    assertThat(query("SELECT version, operation FROM \"" + t + "$history\" ORDER BY version"))
        .containsExactly(
            List.of(1L, "append"),
            List.of(2L, "overwrite"),
            List.of(3L, "overwrite"),
            List.of(4L, "overwrite"));
  }

  @Test
  void timeTravelTagsAndBranches() {
    String t = uniqueName("images");
    images(t);
    update("CREATE TAG v1 ON " + t);
    update("DELETE FROM " + t + " WHERE id = 2");
    assertThat(count(engine, t)).isEqualTo(2);
    assertThat(query("SELECT count(*) FROM " + t + " FOR VERSION AS OF 1"))
        .containsExactly(List.of(3L));
    assertThat(query("SELECT count(*) FROM " + t + " FOR VERSION AS OF 'v1'"))
        .containsExactly(List.of(3L));
    update("CREATE BRANCH dev ON " + t + " VERSION 1");
    update("INSERT INTO \"" + t + "@branch=dev\" (id, label) VALUES (10, 'fox')");
    assertThat(query("SELECT count(*) FROM " + t + " FOR VERSION AS OF 'dev'"))
        .containsExactly(List.of(4L));
    assertThat(count(engine, t)).isEqualTo(2);
    assertThat(failure("SELECT * FROM " + t + " FOR VERSION AS OF 99"))
        .isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    update("DROP TAG v1 ON " + t);
    assertThat(failure("SELECT * FROM " + t + " FOR VERSION AS OF 'v1'"))
        .isEqualTo(ErrorCode.REFERENCE_NOT_FOUND);
    // a reopened engine sees the same versions and references
    engine.close();
    engine = SheafEngine.open(config(directory));
    assertThat(query("SELECT count(*) FROM " + t + " FOR VERSION AS OF 'dev'"))
        .containsExactly(List.of(4L));
  }

  @Test
  void alterTableAddRenameDropColumn() {
    String t = uniqueName("images");
    images(t);
    update("ALTER TABLE " + t + " ADD COLUMN caption VARCHAR");
    update("ALTER TABLE " + t + " RENAME COLUMN label TO tag");
    update("UPDATE " + t + " SET caption = 'a ' || tag WHERE id = 1");
    assertThat(query("SELECT tag, caption FROM " + t + " WHERE id = 1"))
        .containsExactly(List.of("cat", "a cat"));
    assertThat(query("SELECT label FROM " + t + " FOR VERSION AS OF 1 WHERE id = 1"))
        .containsExactly(List.of("cat"));
    update("ALTER TABLE " + t + " DROP COLUMN caption");
    assertThat(failure("SELECT caption FROM " + t)).isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    assertThat(query("SELECT id, tag FROM " + t + " ORDER BY id"))
        .containsExactly(List.of(1, "cat"), List.of(2, "dog"), List.of(3, "cat"));
  }

  @Test
  void expireVersionsDeletesTheirFiles() {
    String t = uniqueName("events");
    update("CREATE TABLE " + t + " (id INTEGER, note VARCHAR)");
    update("INSERT INTO " + t + " VALUES (1, 'first'), (2, 'second')");
    Set<String> firstFiles = dataFiles(storedFiles(t));
    assertThat(firstFiles).hasSize(1);
    update("DELETE FROM " + t + " WHERE id = 1"); // rewrites the file: the first is unreferenced
    update("INSERT INTO " + t + " VALUES (3, 'third')");
    assertThat(dataFiles(storedFiles(t))).containsAll(firstFiles).hasSize(3);

    String later =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now().plusSeconds(3600));
    // a quoted string: the TIMESTAMP '...' literal the error message suggests is rejected (the
    // parser hands DdlRunner an unresolved literal)
    update("ALTER TABLE " + t + " EXPIRE VERSIONS OLDER THAN '" + later + "'");

    Set<String> remaining = dataFiles(storedFiles(t));
    assertThat(remaining).hasSize(2).doesNotContainAnyElementsOf(firstFiles);
    assertThat(query("SELECT id FROM " + t + " ORDER BY id"))
        .containsExactly(List.of(2), List.of(3));
    assertThat(failure("SELECT * FROM " + t + " FOR VERSION AS OF 1"))
        .isEqualTo(ErrorCode.VERSION_NOT_FOUND);
    assertThat(query("SELECT count(*) FROM \"" + t + "$history\"")).containsExactly(List.of(1L));
  }

  @Test
  void dropTableRemovesItsFiles() {
    String t = uniqueName("images");
    images(t);
    update("UPDATE " + t + " SET label = 'kitten' WHERE id = 1");
    String location = tableLocation(t);
    assertThat(storedFilesUnder(location)).isNotEmpty();
    update("DROP TABLE " + t);
    assertThat(storedFilesUnder(location)).isEmpty();
    assertThat(failure("SELECT * FROM " + t)).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
  }

  @Test
  void concurrentInsertsAllLandWithUniqueRowIds() throws Exception {
    String t = uniqueName("events");
    update("CREATE TABLE " + t + " (writer INTEGER, n INTEGER)");
    int inserts = 5;
    int rowsPerInsert = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int writer = 0; writer < 2; writer++) {
        int w = writer;
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < inserts; i++) {
                    update(engine, "INSERT INTO " + t + " VALUES " + values(w, i, rowsPerInsert));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertUniqueRowIds(engine, t, 2 * inserts * rowsPerInsert);
    assertThat(query("SELECT writer, count(*) FROM " + t + " GROUP BY writer ORDER BY writer"))
        .containsExactly(
            List.of(0, (long) inserts * rowsPerInsert), List.of(1, (long) inserts * rowsPerInsert));
  }

  @Test
  void crashedWriterLeavesACompleteVersion() throws Exception {
    String t = uniqueName("crash");
    update("CREATE TABLE " + t + " (batch INTEGER, n INTEGER)");
    CatalogConfig config = config(directory);
    engine.close();
    engine = null;
    try (CrashingWriter.Child child = CrashingWriter.start(config, t, directory)) {
      child.awaitCommits(3);
      child.kill();
    }
    engine = SheafEngine.open(config);
    long rows = count(engine, t);
    assertThat(rows).isGreaterThanOrEqualTo(3L * CrashingWriter.BATCH);
    assertThat(rows % CrashingWriter.BATCH).isZero();
    update("INSERT INTO " + t + " VALUES (-1, 0)");
    assertUniqueRowIds(engine, t, rows + 1);
  }

  static String values(int writer, int insert, int rows) {
    return String.join(
        ", ",
        IntStream.range(0, rows)
            .mapToObj(r -> "(" + writer + ", " + (insert * rows + r) + ")")
            .toList());
  }

  static void assertUniqueRowIds(SheafEngine engine, String table, long expected) {
    List<List<Object>> ids = query(engine, "SELECT _rowid FROM \"" + table + "+rowid\"");
    assertThat(ids).hasSize((int) expected);
    assertThat(new HashSet<>(ids)).hasSize((int) expected);
  }

  @Test
  void aJobWhoseServerDiedIsTakenOverWhenItsLeaseRunsOut() throws Exception {
    String t = uniqueName("leased");
    update(engine, "CREATE TABLE " + t + " (id INTEGER, caption VARCHAR)");
    for (int i = 0; i < 3; i++) {
      update(engine, "INSERT INTO " + t + " VALUES (" + i + ", 'row " + i + "')");
    }
    engine.close();
    System.setProperty(BackfillSettings.CHUNKS_PER_START, "1");
    try {
      engine = SheafEngine.open(config(directory));
      update(engine, "ALTER TABLE " + t + " ADD COLUMN shout AS (upper(caption)) STORED");
      assertThat(engine.jobs().await(java.time.Duration.ofSeconds(60))).isTrue();
    } finally {
      System.clearProperty(BackfillSettings.CHUNKS_PER_START);
    }
    String jobs = "SELECT state, rows_done FROM sys.jobs WHERE table_name = '" + t + "'";
    assertThat(query(engine, jobs)).containsExactly(List.of("RUNNING", 1L));
    String id =
        (String)
            query(engine, "SELECT job_id FROM sys.jobs WHERE table_name = '" + t + "'")
                .get(0)
                .get(0);
    // a server that took the job and then died: its lease holds for 3 more seconds
    assertThat(
            engine
                .catalog()
                .jobLeases()
                .acquire(id, "a-dead-server", System.currentTimeMillis(), 3_000))
        .isTrue();
    engine.close();

    System.setProperty(BackfillSettings.LEASE_MILLIS, "500");
    try {
      engine = SheafEngine.open(config(directory));
      assertThat(engine.jobs().await(java.time.Duration.ofSeconds(60))).isTrue();
      assertThat(query(engine, jobs))
          .as("the job waits while another server's lease holds")
          .containsExactly(List.of("RUNNING", 1L));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!query(engine, jobs).get(0).get(0).equals("DONE") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(query(engine, jobs)).containsExactly(List.of("DONE", 3L));
      assertThat(engine.catalog().jobLeases().holder(id)).as("released when done").isNull();
      assertThat(query(engine, "SELECT count(*) FROM " + t + " WHERE shout = upper(caption)"))
          .containsExactly(List.of(3L));
    } finally {
      System.clearProperty(BackfillSettings.LEASE_MILLIS);
    }
  }
}
