package dev.sheaf.compute.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.compute.iterate.IteratorArguments;
import dev.sheaf.compute.iterate.MediaIterator;
import dev.sheaf.compute.iterate.MediaIterators;
import dev.sheaf.compute.iterate.MediaSource;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.spi.types.SheafColumn;
import dev.sheaf.spi.types.TypeKind;
import dev.sheaf.testing.DocumentSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentChunksTest {
  private static final MediaIterator ITERATOR =
      MediaIterators.find("DOCUMENT_CHUNKS").orElseThrow();

  static class BytesSource implements MediaSource {
    private final String uri;
    private final byte[] bytes;

    BytesSource(String uri, byte[] bytes) {
      this.uri = uri;
      this.bytes = bytes;
    }

    @Override
    public String uri() {
      return uri;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  static List<List<Object>> rows(String uri, byte[] bytes, Map<String, Object> given)
      throws IOException {
    IteratorArguments arguments =
        IteratorArguments.bind(ITERATOR.name(), ITERATOR.parameters(), given);
    List<List<Object>> rows = new ArrayList<>();
    ITERATOR.rows(new BytesSource(uri, bytes), arguments, row -> rows.add(Arrays.asList(row)));
    return rows;
  }

  @Test
  void registeredWithItsColumns() {
    assertThat(ITERATOR.input()).isEqualTo(TypeKind.DOCUMENT);
    assertThat(ITERATOR.payload()).isEmpty();
    IteratorArguments defaults =
        IteratorArguments.bind(ITERATOR.name(), ITERATOR.parameters(), Map.of());
    assertThat(defaults.asMap())
        .containsEntry("separators", "heading,paragraph,sentence")
        .containsEntry("max_tokens", 256)
        .containsEntry("overlap", 0)
        .containsEntry("format", null);
    assertThat(ITERATOR.columns(defaults))
        .extracting(SheafColumn::name)
        .containsExactly("pos", "page", "heading", "text", "start_offset", "end_offset", "tokens");
    assertThat(ITERATOR.columns(defaults).getFirst().type().kind()).isEqualTo(TypeKind.INTEGER);
  }

  @Test
  void pdfRowsCarryPagesAndOffsets() throws IOException {
    byte[] pdf = DocumentSamples.pdf(DocumentReaderTest.PAGES, "T", "A");
    List<List<Object>> rows =
        rows("file:///d/a.pdf", pdf, Map.of("separators", "heading,paragraph", "max_tokens", 256));
    String first =
        "The first page opens with one paragraph\nthat runs over two lines.\n\n"
            + "A second paragraph on page one.";
    int second = first.length() + 2;
    int third = second + "Page two has a single paragraph.".length() + 2;
    assertThat(rows)
        .containsExactly(
            Arrays.asList(0, 1, null, first, 0, first.length(), 22),
            Arrays.asList(1, 2, null, "Page two has a single paragraph.", second, second + 32, 9),
            Arrays.asList(2, 4, null, "Page four ends the document.", third, third + 28, 8));
  }

  @Test
  void aLocalFileReadsAsItsBytesDo(@TempDir Path folder) throws IOException {
    byte[] pdf = DocumentSamples.pdf(DocumentReaderTest.PAGES, "T", "A");
    Path file = Files.write(folder.resolve("a.pdf"), pdf);
    Path markdown = Files.writeString(folder.resolve("n.md"), "# A\n\nOne.\n");
    for (Path path : List.of(file, markdown)) {
      byte[] bytes = Files.readAllBytes(path);
      MediaSource local =
          new BytesSource(path.toUri().toString(), new byte[0]) {
            @Override
            public InputStream open() {
              throw new AssertionError("read from the file");
            }

            @Override
            public Optional<Path> file() {
              return Optional.of(path);
            }
          };
      IteratorArguments defaults =
          IteratorArguments.bind(ITERATOR.name(), ITERATOR.parameters(), Map.of());
      List<List<Object>> fromFile = new ArrayList<>();
      ITERATOR.rows(local, defaults, row -> fromFile.add(Arrays.asList(row)));
      assertThat(fromFile).isEqualTo(rows(path.toUri().toString(), bytes, Map.of()));
    }
    Path empty = Files.write(folder.resolve("e.pdf"), new byte[0]);
    assertThatThrownBy(() -> DocumentReader.read("file:///e.pdf", empty, null))
        .hasMessageContaining("the object is empty");
    Path locked =
        Files.write(
            folder.resolve("l.pdf"), DocumentSamples.encryptedPdf(DocumentReaderTest.PAGES, "x"));
    assertThatThrownBy(() -> DocumentReader.read("file:///l.pdf", locked, null))
        .hasMessageContaining("encrypted with a password");
  }

  @Test
  void markdownRowsByHeading() throws IOException {
    String markdown = "# A\n\nOne.\n\n## B\n\nTwo.\n";
    List<List<Object>> rows =
        rows(
            "file:///notes",
            markdown.getBytes(StandardCharsets.UTF_8),
            Map.of("format", "markdown", "MAX_TOKENS", 64));
    assertThat(rows)
        .containsExactly(
            Arrays.asList(0, null, "A", "A\n\nOne.", 0, 7, 5),
            Arrays.asList(1, null, "A > B", "B\n\nTwo.", 9, 16, 5));
  }

  @Test
  void badMediaThrowsTheCellsError() {
    byte[] locked = DocumentSamples.encryptedPdf(DocumentReaderTest.PAGES, "pw");
    assertThatThrownBy(() -> rows("file:///d/locked.pdf", locked, Map.of()))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR))
        .hasMessageContaining("encrypted");
    assertThatThrownBy(() -> rows("file:///d/empty.pdf", new byte[0], Map.of()))
        .hasMessageContaining("the object is empty");
  }

  @Test
  void aDocumentOverTheLimitIsNotRead() {
    MediaSource huge =
        new BytesSource("file:///d/huge.pdf", new byte[0]) {
          @Override
          public long size() {
            return DocumentReader.MAX_BYTES + 1;
          }

          @Override
          public InputStream open() {
            throw new AssertionError("read");
          }
        };
    IteratorArguments defaults =
        IteratorArguments.bind(ITERATOR.name(), ITERATOR.parameters(), Map.of());
    assertThatThrownBy(() -> ITERATOR.rows(huge, defaults, row -> {}))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY))
        .hasMessageContaining("file:///d/huge.pdf: it holds 268435457 bytes");
  }

  @Test
  void threadsChunkAtOnceAlike() throws Exception {
    byte[] pdf = DocumentSamples.pdf(DocumentReaderTest.PAGES, null, null);
    List<List<Object>> expected = rows("file:///a.pdf", pdf, Map.of("max_tokens", 16));
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      List<java.util.concurrent.Future<List<List<Object>>>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> rows("file:///a.pdf", pdf, Map.of("max_tokens", 16))));
      }
      for (var result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    }
  }

  @Test
  void badArgumentsFailBeforeAnyMedia() {
    IteratorArguments bad =
        IteratorArguments.bind(
            ITERATOR.name(), ITERATOR.parameters(), Map.of("separators", "page"));
    assertThatThrownBy(() -> ITERATOR.columns(bad))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    IteratorArguments format =
        IteratorArguments.bind(ITERATOR.name(), ITERATOR.parameters(), Map.of("format", "docx"));
    assertThatThrownBy(() -> ITERATOR.columns(format)).hasMessageContaining("'docx'");
    assertThatThrownBy(
            () -> IteratorArguments.bind(ITERATOR.name(), ITERATOR.parameters(), Map.of("size", 3)))
        .hasMessageContaining("document_chunks has no parameter 'size'");
  }
}
