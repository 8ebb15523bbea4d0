package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.testing.DocumentSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** document_chunks as an iterator view: chunks of PDFs and Markdown, kept up to date. */
class DocumentChunksViewTest extends EngineTestCase {
  private static final List<List<List<String>>> PAGES =
      List.of(
          List.of(List.of("Sheaf reads PDF pages."), List.of("Second paragraph.")),
          List.of(List.of("Page two.")));

  private String file(String name, byte[] bytes) throws IOException {
    Path path = directory.resolve("docs").resolve(name);
    Files.createDirectories(path.getParent());
    Files.write(path, bytes);
    return path.toUri().toString();
  }

  @Test
  void chunksFollowTheBaseTable() throws IOException {
    update("CREATE TABLE docs (id INTEGER, d DOCUMENT)");
    update(
        "INSERT INTO docs VALUES (1, '"
            + file("a.pdf", DocumentSamples.pdf(PAGES, "T", "A"))
            + "'), (2, '"
            + file("guide.md", "# Guide\n\nIntro.\n\n## Install\n\nRun it.\n".getBytes())
            + "')");
    update(
        "CREATE VIEW chunks AS SELECT * FROM TABLE(document_chunks(TABLE docs,"
            + " separators => 'heading,paragraph', max_tokens => 256))");
    assertThat(
            query(
                "SELECT id, pos, page, heading, text, start_offset, end_offset FROM chunks"
                    + " ORDER BY id, pos"))
        .containsExactly(
            java.util.Arrays.asList(
                1, 0, 1, null, "Sheaf reads PDF pages.\n\nSecond paragraph.", 0, 41),
            java.util.Arrays.asList(1, 1, 2, null, "Page two.", 43, 52),
            java.util.Arrays.asList(2, 0, null, "Guide", "Guide\n\nIntro.", 0, 13),
            java.util.Arrays.asList(2, 1, null, "Guide > Install", "Install\n\nRun it.", 15, 31));
    // the offsets slice document_text back to each chunk (SQL substring counts code points)
    assertThat(
            query(
                "SELECT count(*) FROM chunks c JOIN docs b ON b.id = c.id WHERE"
                    + " substring(document_text(b.d)"
                    + " FROM c.start_offset + 1 FOR c.end_offset - c.start_offset) = c.text"))
        .containsExactly(List.of(4L));

    update(
        "INSERT INTO docs VALUES (3, '"
            + file("locked.pdf", DocumentSamples.encryptedPdf(PAGES, "pw"))
            + "')");
    List<List<Object>> locked = query("SELECT pos, iterator_error FROM chunks WHERE id = 3");
    assertThat(locked).hasSize(1);
    assertThat((String) locked.get(0).get(1))
        .startsWith("MEDIA_FORMAT_ERROR: ")
        .contains("encrypted with a password");
    update("DELETE FROM docs WHERE id = 1");
    assertThat(query("SELECT DISTINCT id FROM chunks ORDER BY id"))
        .containsExactly(List.of(2), List.of(3));
  }
}
