package dev.sheaf.compute.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.DocumentSamples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentReaderTest {
  static final List<List<List<String>>> PAGES =
      List.of(
          List.of(
              List.of("The first page opens with one paragraph", "that runs over two lines."),
              List.of("A second paragraph on page one.")),
          List.of(List.of("Page two has a single paragraph.")),
          List.of(),
          List.of(List.of("Page four ends the document.")));

  static DocumentText read(String uri, byte[] bytes) {
    return DocumentReader.read(uri, bytes, null);
  }

  @Test
  void pdfPagesTextAndInfo() {
    byte[] pdf = DocumentSamples.pdf(PAGES, "Known text", "Ada Lovelace");
    DocumentText text = read("file:///d/a.pdf", pdf);
    assertThat(text.format()).isEqualTo(DocumentFormat.PDF);
    assertThat(text.pageCount()).isEqualTo(4);
    assertThat(text.pageText(1))
        .isEqualTo(
            "The first page opens with one paragraph\nthat runs over two lines.\n\n"
                + "A second paragraph on page one.");
    assertThat(text.pageText(2)).isEqualTo("Page two has a single paragraph.");
    assertThat(text.pageText(3)).isEmpty();
    assertThat(text.pageText(4)).isEqualTo("Page four ends the document.");
    assertThat(text.text())
        .isEqualTo(text.pageText(1) + "\n\n" + text.pageText(2) + "\n\n" + text.pageText(4));
    assertThat(text.info()).isEqualTo(new DocumentInfo("Known text", "Ada Lovelace"));
    assertThat(text.blocks()).hasSize(4);
    assertThat(text.pageAt(text.text().indexOf("Page two"))).isEqualTo(2);
    assertThat(text.pageAt(text.text().indexOf("Page four"))).isEqualTo(4);
  }

  @Test
  void encryptedPdfIsAFormatErrorSayingSo() {
    byte[] pdf = DocumentSamples.encryptedPdf(PAGES, "secret");
    assertThatThrownBy(() -> read("file:///d/locked.pdf", pdf))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR))
        .hasMessageContaining("file:///d/locked.pdf")
        .hasMessageContaining("encrypted with a password")
        .hasMessageContaining("qpdf --decrypt");
  }

  @Test
  void truncatedPdfIsAFormatError() {
    byte[] pdf = DocumentSamples.truncated(DocumentSamples.pdf(PAGES, null, null), 0.1);
    assertThatThrownBy(() -> read("file:///d/cut.pdf", pdf))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR))
        .hasMessageContaining("not a readable PDF")
        .hasMessageContaining("truncated or damaged");
  }

  @Test
  void emptyObjectIsAFormatError() {
    assertThatThrownBy(() -> read("file:///d/empty.txt", new byte[0]))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR))
        .hasMessage(
            "Cannot read document file:///d/empty.txt: the object is empty (0 bytes; store the"
                + " document's content)");
  }

  @Test
  void htmlVisibleTextWithHeadings() {
    String html =
        "<!DOCTYPE html><html><head><title>Guide</title><meta name=author content='Grace'>"
            + "<style>p { color: red }</style><script>var hidden = 'no';</script></head><body>"
            + "<h1>Guide</h1><p>Intro   text\n with <b>bold</b> words.</p>"
            + "<h2>Install</h2><ul><li>Step one</li><li>Step two</li></ul>"
            + "<script>alert('x')</script><div hidden>secret</div>"
            + "<pre>line 1\n  indented</pre><h2>Use</h2><p>Run it.</p></body></html>";
    DocumentText text = read("https://x/page", html.getBytes(StandardCharsets.UTF_8));
    assertThat(text.format()).isEqualTo(DocumentFormat.HTML);
    assertThat(text.text())
        .isEqualTo(
            "Guide\n\nIntro text with bold words.\n\nInstall\n\nStep one\n\nStep two\n\n"
                + "line 1\n  indented\n\nUse\n\nRun it.");
    assertThat(text.headings())
        .extracting(DocumentHeading::title, DocumentHeading::level)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Guide", 1),
            org.assertj.core.groups.Tuple.tuple("Install", 2),
            org.assertj.core.groups.Tuple.tuple("Use", 2));
    assertThat(text.headingPath(text.text().indexOf("Step two")))
        .containsExactly("Guide", "Install");
    assertThat(text.headingPath(text.text().indexOf("Run it"))).containsExactly("Guide", "Use");
    assertThat(text.info()).isEqualTo(new DocumentInfo("Guide", "Grace"));
    assertThat(text.blocks().get(5).kind()).isEqualTo(TextBlock.Kind.CODE);
  }

  @Test
  void markdownHeadingsParagraphsAndCode() {
    String markdown =
        "# Title\n\nSome *emphasis* and `code`\nwrapped.\n\n## Part\n\n- item [link](http://x)\n\n"
            + "```java\nint x = 1;\n\nint y = 2;\n```\n\n### Deep\n\nLast.\n";
    DocumentText text = read("file:///d/readme.md", markdown.getBytes(StandardCharsets.UTF_8));
    assertThat(text.format()).isEqualTo(DocumentFormat.MARKDOWN);
    assertThat(text.text())
        .isEqualTo(
            "Title\n\nSome emphasis and code wrapped.\n\nPart\n\nitem link\n\n"
                + "int x = 1;\n\nint y = 2;\n\nDeep\n\nLast.");
    assertThat(text.blocks())
        .extracting(TextBlock::kind)
        .containsExactly(
            TextBlock.Kind.HEADING,
            TextBlock.Kind.PARAGRAPH,
            TextBlock.Kind.HEADING,
            TextBlock.Kind.PARAGRAPH,
            TextBlock.Kind.CODE,
            TextBlock.Kind.HEADING,
            TextBlock.Kind.PARAGRAPH);
    assertThat(text.headingPath(text.text().indexOf("Last")))
        .containsExactly("Title", "Part", "Deep");
    assertThat(text.info().title()).isEqualTo("Title");
  }

  @Test
  void plainTextEncodings() {
    String sample = "Grüße, 世界 😀\r\n\r\nSecond paragraph.";
    String expected = "Grüße, 世界 😀\n\nSecond paragraph.";
    assertThat(read("file:///a.txt", sample.getBytes(StandardCharsets.UTF_8)).text())
        .isEqualTo(expected);
    byte[] bom =
        concat(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            sample.getBytes(StandardCharsets.UTF_8));
    assertThat(read("file:///a.txt", bom).text()).isEqualTo(expected);
    byte[] utf16 =
        concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, sample.getBytes(StandardCharsets.UTF_16LE));
    assertThat(read("file:///a.txt", utf16).text()).isEqualTo(expected);
    assertThat(read("file:///a.txt", sample.getBytes(StandardCharsets.UTF_16BE)).text())
        .isEqualTo(expected);
    DocumentText text = read("file:///a.txt", sample.getBytes(StandardCharsets.UTF_8));
    assertThat(text.blocks()).hasSize(2);
    assertThat(text.pageCount()).isEqualTo(1);
    assertThat(text.pageAt(0)).isNull();
  }

  @Test
  void latin1TextIsAnErrorNamingTheByte() {
    byte[] latin1 = "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> read("file:///a.txt", latin1))
        .isInstanceOfSatisfying(
            SheafException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MEDIA_FORMAT_ERROR))
        .hasMessageStartingWith(
            "Cannot read document file:///a.txt as text: the byte 0xE9 at offset 3 is not UTF-8");
  }

  @Test
  void formatsDetectedAndNamed() {
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
    assertThat(DocumentFormat.detect("s3://b/notes.MD", text)).isEqualTo(DocumentFormat.MARKDOWN);
    assertThat(
            DocumentFormat.detect(
                "s3://b/x", "  <!DOCTYPE html><p>".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(DocumentFormat.HTML);
    assertThat(DocumentFormat.detect("s3://b/x.bin", "%PDF-1.7".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(DocumentFormat.PDF);
    assertThat(DocumentFormat.detect("s3://b/x", text)).isEqualTo(DocumentFormat.TEXT);
    assertThat(DocumentFormat.parse("md")).isEqualTo(DocumentFormat.MARKDOWN);
    assertThatThrownBy(() -> DocumentFormat.parse("docx"))
        .hasMessage("Cannot read documents of format 'docx' (give pdf, html, markdown or text)");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
