package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media in SQL over real files: the functions, list_objects, and the root rules. */
class MediaSqlTest {
  @TempDir Path directory;
  private Path images;
  private SheafEngine engine;

  @BeforeEach
  void open() throws IOException {
    images = Files.createDirectories(directory.resolve("data/images"));
    copy("horse.png", images.resolve("horse.png"));
    copy("rocket.jpg", images.resolve("rocket.jpg"));
    Files.createDirectories(images.resolve("nested"));
    copy("horse.png", images.resolve("nested/horse2.png"));
    Files.writeString(images.resolve("notes.txt"), "not an image");
    engine = SheafEngine.open(directory.resolve("data"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  static void copy(String resource, Path target) throws IOException {
    try (InputStream in = MediaSqlTest.class.getResourceAsStream("/media/" + resource)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private String uri(String name) {
    return images.resolve(name).toUri().toString();
  }

  private long update(String sql) {
    try (var result = engine.execute(sql)) {
      return result.updateCount();
    }
  }

  private List<List<Object>> query(String sql) {
    return QueryRows.of(engine.execute(sql)).rows();
  }

  /** The error of a statement run with media-on-error = abort. */
  private SheafException failure(String sql) {
    try {
      QueryRows.of(
          engine.execute(
              sql,
              List.of(),
              new java.util.concurrent.atomic.AtomicBoolean(),
              dev.sheaf.planner.media.MediaOnError.ABORT));
    } catch (SheafException e) {
      return e;
    }
    throw new AssertionError("expected " + sql + " to fail");
  }

  @Test
  void imageFunctionsReadHeadersAndBytes() throws IOException {
    update("CREATE TABLE photos (id INTEGER, img IMAGE)");
    update(
        "INSERT INTO photos VALUES (1, '"
            + uri("horse.png")
            + "'), (2, '"
            + uri("rocket.jpg")
            + "')");
    assertThat(
            query(
                "SELECT id, width(img), height(img), format(img), media_size(img),"
                    + " media_uri(img), media_error(img) FROM photos ORDER BY id"))
        .containsExactly(
            Arrays.asList(1, 400, 328, "png", 16633L, uri("horse.png"), null),
            Arrays.asList(2, 640, 427, "jpeg", 112525L, uri("rocket.jpg"), null));
    byte[] expected = Files.readAllBytes(images.resolve("horse.png"));
    assertThat(query("SELECT fetch(img) FROM photos WHERE id = 1"))
        .containsExactly(List.of(Arrays.toString(expected)));
    assertThat(query("SELECT media_etag(img) FROM photos WHERE id = 1").get(0).get(0))
        .asString()
        .hasSize(32);
    assertThat(query("SELECT presign(img, 60) FROM photos WHERE id = 1"))
        .containsExactly(Arrays.asList((Object) null));
  }

  @Test
  void listObjectsPagesAndRegistersAFolder() {
    assertThat(
            query(
                "SELECT uri, size FROM TABLE(list_objects('"
                    + images.toUri()
                    + "', pattern => '*.png')) ORDER BY uri"))
        .containsExactly(
            List.of(uri("horse.png"), 16633L), List.of(uri("nested/horse2.png"), 16633L));
    assertThat(query("SELECT count(*) FROM TABLE(list_objects('" + images.toUri() + "'))"))
        .containsExactly(List.of(4L));
    update("CREATE TABLE photos (img IMAGE, label VARCHAR)");
    assertThat(
            update(
                "INSERT INTO photos (img, label) SELECT uri, 'x' FROM TABLE(list_objects('"
                    + images.toUri()
                    + "', pattern => '*.jpg'))"))
        .isEqualTo(1);
    assertThat(query("SELECT width(img), label FROM photos")).containsExactly(List.of(640, "x"));
  }

  @Test
  void refusesMediaOutsideTheRoots() throws IOException {
    Path outside = Files.createDirectories(directory.resolve("outside"));
    copy("horse.png", outside.resolve("secret.png"));
    String root = images.toUri().toString();
    for (String uri :
        List.of(
            root + "../../outside/secret.png",
            root + "%2e%2e/%2e%2e/outside/secret.png",
            root + "..%2f..%2foutside%2fsecret.png",
            outside.resolve("secret.png").toUri().toString())) {
      SheafException e = failure("SELECT width('" + uri + "')");
      assertThat(e.code()).as(uri).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED);
      assertThat(e.getMessage()).startsWith("Cannot read media");
    }
    Files.createSymbolicLink(images.resolve("escape.png"), outside.resolve("secret.png"));
    assertThat(failure("SELECT fetch('" + uri("escape.png") + "')").code())
        .isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED);
    assertThat(failure("SELECT fetch('ftp://host/x.png')").code())
        .isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED);
    assertThat(query("SELECT media_error('" + outside.resolve("secret.png").toUri() + "')"))
        .singleElement()
        .satisfies(row -> assertThat((String) row.get(0)).startsWith("MEDIA_ACCESS_DENIED"));
  }

  @Test
  void thumbnailsAreScaledLosslessPngUnlessJpegIsAsked() throws IOException {
    update("CREATE TABLE photos (id INTEGER, img IMAGE)");
    update(
        "INSERT INTO photos VALUES (1, '"
            + uri("horse.png")
            + "'), (2, '"
            + uri("rocket.jpg")
            + "')");
    List<List<Object>> rows =
        query("SELECT id, thumbnail(img, 100), thumbnail(img, 64, 'jpeg') FROM photos ORDER BY id");
    java.awt.image.BufferedImage horse = image(rows.get(0).get(1));
    assertThat(List.of(horse.getWidth(), horse.getHeight())).containsExactly(100, 82);
    java.awt.image.BufferedImage rocket = image(rows.get(1).get(1));
    assertThat(List.of(rocket.getWidth(), rocket.getHeight())).containsExactly(100, 67);
    assertThat(bytes(rows.get(0).get(1)))
        .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(bytes(rows.get(1).get(2))).startsWith((byte) 0xff, (byte) 0xd8);
    assertThat(image(rows.get(1).get(2)).getWidth()).isEqualTo(64);
    assertThat(failure("SELECT thumbnail('" + uri("notes.txt") + "', 32)").code())
        .isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR);
    assertThat(failure("SELECT thumbnail(img, 32, 'tiff') FROM photos").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure("SELECT thumbnail(img, 0) FROM photos").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void generatedThumbnailsAreWrittenAsMediaAndReadBack() throws IOException {
    update("CREATE TABLE photos (id INTEGER, img IMAGE)");
    update("INSERT INTO photos VALUES (1, '" + uri("horse.png") + "')");
    update("CREATE TABLE thumbs (id INTEGER, thumb IMAGE)");
    update("INSERT INTO thumbs SELECT id, thumbnail(img, 50) FROM photos");
    List<List<Object>> rows =
        query("SELECT width(thumb), height(thumb), format(thumb), media_uri(thumb) FROM thumbs");
    assertThat(rows.get(0).subList(0, 3)).containsExactly(50, 41, "png");
    String written = (String) rows.get(0).get(3);
    assertThat(written).startsWith("file:").doesNotContain("horse");
    assertThat(Path.of(java.net.URI.create(written))).exists();
  }

  private static byte[] bytes(Object listed) {
    String text = listed.toString();
    String[] parts = text.substring(1, text.length() - 1).split(", ");
    byte[] bytes = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = Byte.parseByte(parts[i]);
    }
    return bytes;
  }

  private static java.awt.image.BufferedImage image(Object listed) throws IOException {
    return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes(listed)));
  }

  @Test
  void wrongOrMissingMediaAreErrors() {
    assertThat(failure("SELECT width('" + uri("notes.txt") + "')").code())
        .isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR);
    assertThat(failure("SELECT fetch('" + uri("missing.png") + "')").code())
        .isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
    assertThat(query("SELECT format('" + uri("notes.txt") + "')")).containsExactly(List.of("text"));
  }

  @Test
  void mediaCacheTableCountsReads() {
    query("SELECT fetch('" + uri("horse.png") + "')");
    List<Object> stats =
        query("SELECT read_count, bytes_read, budget_bytes FROM sys.media_cache").get(0);
    assertThat((Long) stats.get(0)).isPositive();
    assertThat((Long) stats.get(1)).isGreaterThanOrEqualTo(16633L);
    assertThat(stats.get(2)).isEqualTo(1L << 30);
  }

  @Test
  void insertPinsAndAChangedFileIsNeverRead() throws IOException {
    update("CREATE TABLE photos (id INTEGER, img IMAGE)");
    copy("horse.png", images.resolve("changing.png"));
    update("INSERT INTO photos VALUES (1, '" + uri("changing.png") + "')");
    assertThat(query("SELECT width(img) FROM photos")).containsExactly(List.of(400));
    copy("rocket.jpg", images.resolve("changing.png"));
    SheafException changed = failure("SELECT fetch(img) FROM photos");
    assertThat(changed.code()).isEqualTo(ErrorCode.MEDIA_CHANGED);
    assertThat(failure("SELECT width(img) FROM photos").code()).isEqualTo(ErrorCode.MEDIA_CHANGED);
    assertThat(query("SELECT media_size(img) FROM photos")).containsExactly(List.of(16633L));
    // the same URI inserted again pins the new bytes; each row reads its own pin
    update("INSERT INTO photos VALUES (2, '" + uri("changing.png") + "')");
    List<List<Object>> pins = query("SELECT id, media_size(img), media_error(img) FROM photos");
    pins.sort(java.util.Comparator.comparing(row -> (Integer) row.get(0)));
    // row 1 keeps its pin, so its error says the file changed; row 2 pinned the new bytes
    assertThat(pins.get(0).subList(0, 2)).containsExactly(1, 16633L);
    assertThat((String) pins.get(0).get(2)).startsWith("MEDIA_CHANGED: Cannot read media");
    assertThat(pins.get(1)).containsExactly(2, 112525L, null);
    assertThat(query("SELECT width(img) FROM photos WHERE id = 2")).containsExactly(List.of(640));
    assertThat(query("SELECT * FROM photos ORDER BY id").get(0)).hasSize(2);
  }

  @Test
  void missingAndWrongMediaAreKeptWithTheirErrors() {
    update("CREATE TABLE photos (id INTEGER, img IMAGE, label VARCHAR)");
    update(
        "INSERT INTO photos VALUES (1, '"
            + uri("missing.png")
            + "', 'a'), (2, '"
            + uri("notes.txt")
            + "', 'b'), (3, '"
            + uri("horse.png")
            + "', 'c')");
    QueryRows result =
        QueryRows.of(engine.execute("SELECT id, media_error(img) FROM photos ORDER BY id"));
    // named after the function, as PostgreSQL names a call
    assertThat(result.schema().getFields().get(1).getName()).isEqualTo("media_error");
    List<List<Object>> rows = result.rows();
    assertThat((String) rows.get(0).get(1)).startsWith("MEDIA_NOT_FOUND: Cannot read media");
    assertThat((String) rows.get(1).get(1))
        .startsWith("MEDIA_FORMAT_ERROR: Cannot insert media")
        .contains("DOCUMENT (text)");
    assertThat(rows.get(2).get(1)).isNull();
    assertThat(failure("SELECT fetch(img) FROM photos WHERE id = 1").code())
        .isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
    // an update that leaves the media cell alone keeps its pin and its error
    update("UPDATE photos SET label = 'z' WHERE id = 1");
    assertThat((String) query("SELECT media_error(img) FROM photos WHERE id = 1").get(0).get(0))
        .startsWith("MEDIA_NOT_FOUND");
    // an update that sets the media cell pins it again
    update("UPDATE photos SET img = '" + uri("rocket.jpg") + "' WHERE id = 1");
    assertThat(query("SELECT width(img), media_error(img) FROM photos WHERE id = 1"))
        .containsExactly(Arrays.asList(640, null));
  }

  /** Arrow batches of (label VARCHAR, img VARBINARY or VARCHAR) as a client would send them. */
  private org.apache.arrow.vector.ipc.ArrowReader batches(List<String> labels, List<Object> images)
      throws IOException {
    var allocator = engine.allocator();
    boolean binary = images.stream().anyMatch(i -> i instanceof byte[]);
    var out = new java.io.ByteArrayOutputStream();
    try (var label = new org.apache.arrow.vector.VarCharVector("label", allocator);
        org.apache.arrow.vector.BaseVariableWidthVector img =
            binary
                ? new org.apache.arrow.vector.VarBinaryVector("img", allocator)
                : new org.apache.arrow.vector.VarCharVector("img", allocator)) {
      for (int i = 0; i < labels.size(); i++) {
        label.setSafe(i, labels.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Object image = images.get(i);
        img.setSafe(
            i,
            image instanceof byte[] bytes
                ? bytes
                : image.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      label.setValueCount(labels.size());
      img.setValueCount(labels.size());
      try (var root = org.apache.arrow.vector.VectorSchemaRoot.of(label, img);
          var writer = new org.apache.arrow.vector.ipc.ArrowStreamWriter(root, null, out)) {
        root.setRowCount(labels.size());
        writer.start();
        writer.writeBatch();
        writer.end();
      }
    }
    return new org.apache.arrow.vector.ipc.ArrowStreamReader(
        new java.io.ByteArrayInputStream(out.toByteArray()), allocator);
  }

  @Test
  void ingestedBytesAreWrittenToTheMediaDirectoryAndRemovedWhenUnreferenced() throws IOException {
    update("CREATE TABLE photos (img IMAGE, label VARCHAR)");
    byte[] horse = Files.readAllBytes(images.resolve("horse.png"));
    byte[] rocket = Files.readAllBytes(images.resolve("rocket.jpg"));
    try (var reader = batches(List.of("horse", "rocket"), List.of(horse, rocket))) {
      assertThat(
              engine.ingest(null, "photos", reader, dev.sheaf.planner.exec.TableIngest.Mode.APPEND))
          .isEqualTo(2);
    }
    Path written = writtenFolder("img");
    try (var files = Files.list(written)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(2)
          .anySatisfy(name -> assertThat(name).endsWith(".png"))
          .anySatisfy(name -> assertThat(name).endsWith(".jpeg"));
    }
    List<List<Object>> rows =
        query("SELECT label, width(img), media_error(img), img FROM photos ORDER BY label");
    assertThat(rows.get(0).subList(0, 3)).containsExactly("horse", 400, null);
    assertThat(rows.get(1).subList(0, 3)).containsExactly("rocket", 640, null);
    assertThat((String) rows.get(0).get(3)).startsWith(written.toUri().toString());
    assertThat(query("SELECT fetch(img) FROM photos WHERE label = 'horse'"))
        .containsExactly(List.of(Arrays.toString(horse)));

    // URIs ingested as strings are pinned too; a missing one keeps its row with the error
    try (var reader = batches(List.of("ok", "gone"), List.of(uri("horse.png"), uri("gone.png")))) {
      engine.ingest(null, "photos", reader, dev.sheaf.planner.exec.TableIngest.Mode.APPEND);
    }
    assertThat(
            (String)
                query("SELECT media_error(img) FROM photos WHERE label = 'gone'").get(0).get(0))
        .startsWith("MEDIA_NOT_FOUND");

    // once no kept version references the written bytes, EXPIRE VERSIONS removes them
    update("DELETE FROM photos WHERE label = 'rocket'");
    update("ALTER TABLE photos EXPIRE VERSIONS OLDER THAN TIMESTAMP '2999-01-01 00:00:00'");
    try (var files = Files.list(written)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .singleElement()
          .satisfies(name -> assertThat(name).endsWith(".png"));
    }
    assertThat(query("SELECT width(img) FROM photos WHERE label = 'horse'"))
        .containsExactly(List.of(400));
    update("DROP TABLE photos");
    try (var files = Files.list(written)) {
      assertThat(files).isEmpty();
    }
    assertThat(images.resolve("horse.png")).exists();
  }

  @Test
  void insertedBytesAreWrittenUnderTheKeysOfIngestedBytes() throws Exception {
    update("CREATE TABLE photos (label VARCHAR, img IMAGE)");
    update("CREATE TABLE raw (label VARCHAR, b VARBINARY)");
    // small images: Calcite compiles a literal into code, which caps its size
    byte[] horse = image(40, 32, "png");
    byte[] rocket = image(64, 42, "jpeg");
    var hex = java.util.HexFormat.of();

    update("INSERT INTO photos VALUES ('values', X'" + hex.formatHex(horse) + "')");
    Path written = writtenFolder("img");
    String horseUri = written.resolve(sha256(horse) + ".png").toUri().toString();
    String rocketUri = written.resolve(sha256(rocket) + ".jpeg").toUri().toString();
    update("INSERT INTO raw VALUES ('select', X'" + hex.formatHex(rocket) + "')");
    update("INSERT INTO photos (label, img) SELECT label, b FROM raw");
    try (var reader = batches(List.of("ingest"), List.of(horse))) {
      engine.ingest(null, "photos", reader, dev.sheaf.planner.exec.TableIngest.Mode.APPEND);
    }
    assertThat(query("SELECT label, img, width(img), media_error(img) FROM photos ORDER BY label"))
        .containsExactly(
            Arrays.asList("ingest", horseUri, 40, null),
            Arrays.asList("select", rocketUri, 64, null),
            Arrays.asList("values", horseUri, 40, null));
    try (var files = Files.list(written)) {
      assertThat(files).as("the same bytes make one object").hasSize(2);
    }
    assertThat(query("SELECT fetch(img) FROM photos WHERE label = 'select'"))
        .containsExactly(List.of(Arrays.toString(rocket)));
    assertThat(Files.readAllBytes(Path.of(java.net.URI.create(horseUri)))).isEqualTo(horse);

    // bytes of the wrong kind are written but kept with their error, as ingest does
    update("INSERT INTO photos VALUES ('text', X'" + hex.formatHex("just text".getBytes()) + "')");
    assertThat(
            (String)
                query("SELECT media_error(img) FROM photos WHERE label = 'text'").get(0).get(0))
        .startsWith("MEDIA_FORMAT_ERROR");
    // an update that sets bytes writes them too
    update("UPDATE photos SET img = X'" + hex.formatHex(rocket) + "' WHERE label = 'values'");
    assertThat(query("SELECT img, width(img) FROM photos WHERE label = 'values'"))
        .containsExactly(Arrays.asList(rocketUri, 64));
  }

  @Test
  void mergedBytesAreWrittenAsMediaToo() throws Exception {
    update("CREATE TABLE photos (label VARCHAR, img IMAGE)");
    update("CREATE TABLE raw (label VARCHAR, b VARBINARY)");
    byte[] old = image(40, 32, "png");
    byte[] replaced = image(24, 16, "png");
    byte[] added = image(64, 42, "jpeg");
    var hex = java.util.HexFormat.of();
    update("INSERT INTO photos VALUES ('kept', X'" + hex.formatHex(old) + "')");
    update(
        "INSERT INTO raw VALUES ('kept', X'"
            + hex.formatHex(replaced)
            + "'), ('new', X'"
            + hex.formatHex(added)
            + "')");
    update(
        "MERGE INTO photos t USING raw s ON t.label = s.label"
            + " WHEN MATCHED THEN UPDATE SET img = s.b"
            + " WHEN NOT MATCHED THEN INSERT (label, img) VALUES (s.label, s.b)");
    assertThat(query("SELECT label, width(img), media_error(img) FROM photos ORDER BY label"))
        .containsExactly(Arrays.asList("kept", 24, null), Arrays.asList("new", 64, null));
    assertThat(query("SELECT fetch(img) FROM photos WHERE label = 'new'"))
        .containsExactly(List.of(Arrays.toString(added)));
  }

  /** The folder of a column's written media, when one table has written media. */
  private Path writtenFolder(String column) throws IOException {
    try (var tables = Files.list(directory.resolve("data/media/tables"))) {
      return tables.toList().getFirst().resolve(column);
    }
  }

  @Test
  void writtenMediaStayWhileAnyTableReferencesThem() throws Exception {
    var hex = java.util.HexFormat.of();
    byte[] horse = image(40, 32, "png");
    byte[] rocket = image(64, 42, "jpeg");
    update("CREATE TABLE origin (label VARCHAR, img IMAGE)");
    update("INSERT INTO origin VALUES ('horse', X'" + hex.formatHex(horse) + "')");
    Path horseFile =
        Path.of(java.net.URI.create((String) query("SELECT img FROM origin").get(0).get(0)));
    assertThat(horseFile).exists();

    // a copy made by CREATE TABLE AS names the same object: dropping the original keeps it
    update("CREATE TABLE copied AS SELECT * FROM origin");
    update("DROP TABLE origin");
    assertThat(horseFile).exists();
    assertThat(query("SELECT width(img), media_error(img) FROM copied"))
        .containsExactly(Arrays.asList(40, null));

    // a table renamed away keeps its media when a new table under its old name is dropped
    update("CREATE TABLE named (label VARCHAR, img IMAGE)");
    update("INSERT INTO named VALUES ('rocket', X'" + hex.formatHex(rocket) + "')");
    Path rocketFile =
        Path.of(java.net.URI.create((String) query("SELECT img FROM named").get(0).get(0)));
    update("ALTER TABLE named RENAME TO renamed");
    update("CREATE TABLE named (label VARCHAR, img IMAGE)");
    update("INSERT INTO named VALUES ('horse', X'" + hex.formatHex(horse) + "')");
    update("DROP TABLE named");
    assertThat(rocketFile).exists();
    assertThat(query("SELECT width(img) FROM renamed")).containsExactly(List.of(64));

    // an object in the name-keyed folder of older versions is still read, and removed with its
    // table
    Path legacy = Files.createDirectories(directory.resolve("data/media/main/legacy_t/img"));
    Files.write(legacy.resolve("a.png"), horse);
    update("CREATE TABLE legacy_t (img IMAGE)");
    update("INSERT INTO legacy_t VALUES ('" + legacy.resolve("a.png").toUri() + "')");
    assertThat(query("SELECT width(img) FROM legacy_t")).containsExactly(List.of(40));
    update("DROP TABLE legacy_t");
    assertThat(legacy.resolve("a.png")).doesNotExist();

    // a cell naming a path that climbs out of the destination is no candidate, and the drop works
    Path outside = directory.resolve("data/images/horse.png");
    update("CREATE TABLE climbing (img IMAGE)");
    update(
        "INSERT INTO climbing VALUES ('"
            + directory.resolve("data/media").toUri()
            + "../images/horse.png')");
    update("DROP TABLE climbing");
    assertThat(outside).exists();

    // once no kept version of any table names an object, it goes, wherever it was written
    update("DELETE FROM copied");
    update("ALTER TABLE copied EXPIRE VERSIONS OLDER THAN TIMESTAMP '2999-01-01 00:00:00'");
    assertThat(horseFile).doesNotExist();
    update("DROP TABLE renamed");
    assertThat(rocketFile).doesNotExist();
  }

  private static byte[] image(int width, int height, String format) throws IOException {
    var image =
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0x336699);
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void tableSettingsChooseWhenToCheckAndWhetherToAbort() throws IOException {
    update("CREATE TABLE strict (img IMAGE)");
    update("ALTER TABLE strict SET ('media_on_error' = 'abort')");
    assertThat(failure("INSERT INTO strict VALUES ('" + uri("missing.png") + "')").code())
        .isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
    assertThat(failure("INSERT INTO strict VALUES ('" + uri("notes.txt") + "')").code())
        .isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR);
    assertThat(query("SELECT count(*) FROM strict")).containsExactly(List.of(0L));

    update("CREATE TABLE lazy (img IMAGE)");
    update("ALTER TABLE lazy SET ('media_validation' = 'on_read', 'media_on_error' = 'abort')");
    copy("horse.png", images.resolve("later.png"));
    update("INSERT INTO lazy VALUES ('" + uri("missing.png") + "'), ('" + uri("later.png") + "')");
    copy("rocket.jpg", images.resolve("later.png"));
    // not pinned at insert: the cell is pinned when read, so it reads the file as it is now
    assertThat(query("SELECT width(img) FROM lazy WHERE img LIKE '%later.png'"))
        .containsExactly(List.of(640));
    assertThat(failure("SELECT fetch(img) FROM lazy WHERE img LIKE '%missing.png'").code())
        .isEqualTo(ErrorCode.MEDIA_NOT_FOUND);
    assertThat(failure("ALTER TABLE lazy SET ('colour' = 'blue')").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure("ALTER TABLE lazy SET ('media_on_error' = 'sometimes')").code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void onReadPinsAreKeptForTheTableVersion() throws IOException {
    update("CREATE TABLE lazy (id INTEGER, img IMAGE)");
    update("ALTER TABLE lazy SET ('media_validation' = 'on_read')");
    copy("horse.png", images.resolve("kept.png"));
    update("INSERT INTO lazy VALUES (1, '" + uri("kept.png") + "')");
    update("CREATE TAG first ON lazy");
    assertThat(query("SELECT width(img) FROM lazy")).containsExactly(List.of(400));

    // overwritten between two reads of the same version: the first read's pin holds
    copy("rocket.jpg", images.resolve("kept.png"));
    assertThat(failure("SELECT width(img) FROM lazy").code()).isEqualTo(ErrorCode.MEDIA_CHANGED);
    assertThat(failure("SELECT fetch(img) FROM lazy FOR VERSION AS OF 'first'").code())
        .isEqualTo(ErrorCode.MEDIA_CHANGED);
    // the pin is kept in the catalog database: a restarted engine still holds it
    engine.close();
    engine = SheafEngine.open(directory.resolve("data"));
    assertThat(failure("SELECT width(img) FROM lazy").code()).isEqualTo(ErrorCode.MEDIA_CHANGED);
    assertThat(query("SELECT media_size(img) FROM lazy"))
        .as("the size pinned at the first read, not the new file's")
        .containsExactly(List.of(16633L));

    // a new version is pinned at its own first read; the old one keeps its pin
    update("INSERT INTO lazy VALUES (2, '" + uri("horse.png") + "')");
    assertThat(query("SELECT id, width(img) FROM lazy ORDER BY id"))
        .containsExactly(List.of(1, 640), List.of(2, 400));
    assertThat(failure("SELECT width(img) FROM lazy FOR VERSION AS OF 'first'").code())
        .isEqualTo(ErrorCode.MEDIA_CHANGED);
    // DROP TABLE forgets the table's pins
    update("DROP TABLE lazy");
    update("CREATE TABLE lazy (id INTEGER, img IMAGE)");
    update("ALTER TABLE lazy SET ('media_validation' = 'on_read')");
    update("INSERT INTO lazy VALUES (1, '" + uri("kept.png") + "')");
    assertThat(query("SELECT width(img) FROM lazy")).containsExactly(List.of(640));
  }

  @Test
  void pinsFollowTheirColumnThroughAlterTable() throws IOException {
    update("CREATE TABLE photos (id INTEGER)");
    update("ALTER TABLE photos ADD COLUMN shot IMAGE");
    copy("horse.png", images.resolve("altered.png"));
    update("INSERT INTO photos VALUES (1, '" + uri("altered.png") + "')");
    update("ALTER TABLE photos RENAME COLUMN shot TO picture");
    assertThat(query("SELECT * FROM photos")).containsExactly(List.of(1, uri("altered.png")));
    copy("rocket.jpg", images.resolve("altered.png"));
    assertThat(failure("SELECT width(picture) FROM photos").code())
        .isEqualTo(ErrorCode.MEDIA_CHANGED);
    update("ALTER TABLE photos DROP COLUMN picture");
    update("ALTER TABLE photos ADD COLUMN picture IMAGE");
    assertThat(query("SELECT id, picture FROM photos")).containsExactly(Arrays.asList(1, null));
  }
}
