package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.testing.DocumentSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document functions in SQL: page counts, text, metadata, and per-cell errors. */
class DocumentSqlTest {
  static final List<List<List<String>>> PAGES =
      List.of(
          List.of(List.of("Sheaf reads PDF pages."), List.of("Second paragraph.")),
          List.of(List.of("Page two.")));

  @TempDir Path directory;
  private Path documents;
  private SheafEngine engine;

  @BeforeEach
  void open() throws IOException {
    documents = Files.createDirectories(directory.resolve("data/docs"));
    byte[] pdf = DocumentSamples.pdf(PAGES, "Known \"title\"", "Ada");
    Files.write(documents.resolve("a.pdf"), pdf);
    Files.write(documents.resolve("locked.pdf"), DocumentSamples.encryptedPdf(PAGES, "pw"));
    Files.write(documents.resolve("cut.pdf"), DocumentSamples.truncated(pdf, 0.1));
    Files.writeString(documents.resolve("notes.md"), "# Notes\n\nSome *text*.\n");
    Files.writeString(
        documents.resolve("page.html"),
        "<html><head><title>T</title><script>x()</script></head><body><h1>H</h1><p>P</p></body>"
            + "</html>");
    Files.write(documents.resolve("empty.txt"), new byte[0]);
    engine = SheafEngine.open(directory.resolve("data"));
    update("CREATE TABLE docs (id INTEGER, d DOCUMENT)");
    StringBuilder insert = new StringBuilder("INSERT INTO docs VALUES ");
    List<String> names =
        List.of("a.pdf", "locked.pdf", "cut.pdf", "notes.md", "page.html", "empty.txt", "gone.pdf");
    for (int i = 0; i < names.size(); i++) {
      insert.append(i == 0 ? "" : ", ").append("(").append(i + 1).append(", '");
      insert.append(documents.resolve(names.get(i)).toUri()).append("')");
    }
    update(insert.toString());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private long update(String sql) {
    try (var result = engine.execute(sql)) {
      return result.updateCount();
    }
  }

  private List<Object> column(String sql) {
    List<Object> cells = new ArrayList<>();
    try (var result = engine.execute(sql)) {
      VectorSchemaRoot root = result.rows().getVectorSchemaRoot();
      while (result.rows().loadNextBatch()) {
        FieldVector vector = root.getVector(0);
        for (int r = 0; r < root.getRowCount(); r++) {
          cells.add(vector.isNull(r) ? null : vector.getObject(r).toString());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return cells;
  }

  @Test
  void pageCountsTextAndMetadata() {
    assertThat(column("SELECT document_page_count(d) FROM docs ORDER BY id"))
        .containsExactly("2", null, null, "1", "1", null, null);
    assertThat(column("SELECT document_text(d) FROM docs WHERE id IN (1, 4, 5) ORDER BY id"))
        .containsExactly(
            "Sheaf reads PDF pages.\n\nSecond paragraph.\n\nPage two.",
            "Notes\n\nSome text.",
            "H\n\nP");
    assertThat(column("SELECT document_page_text(d, 2) FROM docs WHERE id IN (1, 4) ORDER BY id"))
        .containsExactly("Page two.", null);
    assertThat(column("SELECT document_metadata(d) FROM docs WHERE id IN (1, 5) ORDER BY id"))
        .containsExactly(
            "{\"format\":\"pdf\",\"pages\":2,\"title\":\"Known \\\"title\\\"\",\"author\":\"Ada\","
                + "\"characters\":52}",
            "{\"format\":\"html\",\"pages\":1,\"title\":\"T\",\"author\":null,\"characters\":4}");
  }

  @Test
  void severalFunctionsOfOneRowAgree() {
    assertThat(
            column(
                "SELECT document_page_count(d) || '|' || document_page_text(d, 1) || '|'"
                    + " || document_page_text(d, 2) FROM docs WHERE id IN (1, 4, 5) ORDER BY id"))
        .containsExactly("2|Sheaf reads PDF pages.\n\nSecond paragraph.|Page two.", null, null);
    assertThat(column("SELECT document_page_text(d, 1) FROM docs WHERE id IN (4, 5) ORDER BY id"))
        .containsExactly("Notes\n\nSome text.", "H\n\nP");
  }

  @Test
  void badDocumentsAreCellErrors() {
    List<Object> errors = column("SELECT try_error(document_text(d)) FROM docs ORDER BY id");
    assertThat(errors.get(0)).isNull();
    assertThat((String) errors.get(1))
        .startsWith("MEDIA_FORMAT_ERROR: Cannot read document file:")
        .contains("locked.pdf: the PDF is encrypted with a password");
    assertThat((String) errors.get(2))
        .startsWith("MEDIA_FORMAT_ERROR: ")
        .contains("cut.pdf: not a readable PDF");
    assertThat((String) errors.get(5)).startsWith("MEDIA_FORMAT_ERROR: ").contains("empty");
    assertThat((String) errors.get(6)).startsWith("MEDIA_NOT_FOUND: ");
    assertThat(column("SELECT count(*) FROM docs WHERE document_text(d) IS NULL"))
        .containsExactly("4");
  }
}
