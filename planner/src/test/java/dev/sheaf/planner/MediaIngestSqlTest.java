package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** INGEST MEDIA as a job: copies, rows registered and pinned, provenance, and a second run. */
class MediaIngestSqlTest extends EngineTestCase {
  private Path images(String name, int count) throws IOException {
    Path folder = Files.createDirectories(directory.resolve(name));
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(4 + i, 3, BufferedImage.TYPE_INT_RGB);
      ImageIO.write(image, "png", folder.resolve("img" + i + ".png").toFile());
    }
    return folder;
  }

  private String ingest(String sql) {
    List<List<Object>> answer = query(sql);
    assertThat(answer).hasSize(1);
    return (String) answer.getFirst().getFirst();
  }

  @Test
  void copiesRegistersAndRecordsWhereEachRowCameFrom() throws IOException {
    Path source = images("incoming", 3);
    update("CREATE TABLE pics (img IMAGE, source_uri VARCHAR, size_bytes BIGINT, sha256 VARCHAR)");
    String statement =
        "INGEST MEDIA FROM '"
            + source.toUri()
            + "' TO '"
            + directory.resolve("kept").toUri()
            + "' INTO TABLE pics (img)";
    String job = ingest(statement);
    update("WAIT FOR JOB '" + job + "'");

    assertThat(
            query(
                "SELECT kind, state, rows_done, errors FROM sys.jobs WHERE job_id = '" + job + "'"))
        .containsExactly(List.of("media_ingest", "DONE", 3L, 0L));
    assertThat(
            query(
                "SELECT width(img), media_error(img) IS NULL, size_bytes > 0 FROM pics ORDER BY 1"))
        .containsExactly(List.of(4, true, true), List.of(5, true, true), List.of(6, true, true));
    List<List<Object>> row =
        query("SELECT img, source_uri, sha256 FROM pics WHERE source_uri LIKE '%img1.png'");
    assertThat((String) row.getFirst().get(0)).endsWith("/kept/img1.png");
    assertThat((String) row.getFirst().get(2)).hasSize(64);

    long version = (Long) query("SELECT max(version) FROM sys.provenance").getFirst().getFirst();
    assertThat(
            query(
                "SELECT count(*), min(version), max(size) > 0 FROM sys.provenance WHERE run_id = '"
                    + job
                    + "' AND table_name = 'pics'"))
        .containsExactly(List.of(3L, version, true));
    assertThat(
            query(
                "SELECT kind, state, items FROM sys.provenance_runs WHERE run_id = '" + job + "'"))
        .containsExactly(List.of("media_ingest", "DONE", 3L));

    assertThat(
            query(
                "SELECT state, count(*), count(DISTINCT version) FROM sys.ingest_objects"
                    + " WHERE run_id = '"
                    + job
                    + "' GROUP BY state"))
        .containsExactly(List.of("REGISTERED", 3L, 1L));

    // the same statement again: the same job, nothing copied or registered twice
    assertThat(ingest(statement)).isEqualTo(job);
    update("WAIT FOR JOB '" + job + "'");
    assertThat(query("SELECT count(*) FROM pics")).containsExactly(List.of(3L));
    assertThat(query("SELECT count(*) FROM sys.provenance WHERE run_id = '" + job + "'"))
        .containsExactly(List.of(3L));
  }

  @Test
  void refusesAColumnThatIsNotMedia() throws IOException {
    Path source = images("wrong", 1);
    update("CREATE TABLE notes (body VARCHAR)");
    assertThatThrownBy(
            () ->
                ingest(
                    "INGEST MEDIA FROM '"
                        + source.toUri()
                        + "' TO '"
                        + directory.resolve("out").toUri()
                        + "' INTO TABLE notes (body)"))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TYPE_MISMATCH));
  }

  @Test
  void aSourceOutsideTheFileRootsIsRefused() {
    String job =
        ingest("INGEST MEDIA FROM 'file:///etc/' TO '" + directory.resolve("o").toUri() + "'");
    assertThatThrownBy(() -> update("WAIT FOR JOB '" + job + "'"))
        .isInstanceOfSatisfying(
            SheafException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_ACCESS_DENIED));
    assertThat(query("SELECT state FROM sys.jobs WHERE job_id = '" + job + "'"))
        .containsExactly(List.of("FAILED"));
    assertThat(query("SELECT state FROM sys.provenance_runs WHERE run_id = '" + job + "'"))
        .containsExactly(List.of("FAILED"));
  }

  @Test
  void objectsThatFailAreRecordedAndTheRestCopied() throws IOException {
    Path source = images("listed", 2);
    Path listing = directory.resolve("urls.txt");
    Files.writeString(
        listing,
        source.resolve("img0.png").toUri()
            + "\n"
            + source.resolve("missing.png").toUri()
            + "\nfile:///etc/hostname\n"
            + source.resolve("img1.png").toUri()
            + "\n");
    String job =
        ingest(
            "INGEST MEDIA FROM '"
                + listing.toUri()
                + "' TO '"
                + directory.resolve("copied").toUri()
                + "'");
    update("WAIT FOR JOB '" + job + "'");

    assertThat(query("SELECT state, rows_done, errors FROM sys.jobs WHERE job_id = '" + job + "'"))
        .containsExactly(List.of("DONE", 4L, 2L));
    assertThat(
            query(
                "SELECT error_code FROM sys.ingest_objects WHERE run_id = '"
                    + job
                    + "' AND state = 'FAILED' ORDER BY source_uri"))
        .containsExactly(List.of("MEDIA_ACCESS_DENIED"), List.of("MEDIA_NOT_FOUND"));
    assertThat(directory.resolve("copied/localhost/etc/hostname")).doesNotExist();
    assertThat(directory.resolve("copied/localhost" + source.resolve("img1.png"))).exists();
    assertThat(query("SELECT count(*) FROM sys.provenance WHERE run_id = '" + job + "'"))
        .containsExactly(List.of(2L));
  }
}
