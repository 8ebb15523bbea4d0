package dev.sheaf.compute.document;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF text through Apache PDFBox: the text of every page in one pass of {@link PDFTextStripper}
 * (paragraphs it detects end with a blank line), pages joined by a blank line, the document
 * information's title and author, headings from its outline ({@link PdfOutline}). A PDF that needs
 * a user password, or that PDFBox cannot parse (truncated, damaged), is MEDIA_FORMAT_ERROR. A PDF
 * with owner-only restrictions (an empty user password) reads.
 */
final class PdfText {
  private PdfText() {}

  static DocumentText read(String uri, byte[] bytes) {
    return read(uri, () -> Loader.loadPDF(bytes));
  }

  /** A PDF read from a local file, page by page as PDFBox needs them (not loaded whole). */
  static DocumentText read(String uri, Path file) {
    return read(uri, () -> Loader.loadPDF(file.toFile()));
  }

  /** Opens a PDF with PDFBox. */
  @FunctionalInterface
  private interface Opener {
    PDDocument open() throws IOException;
  }

  private static DocumentText read(String uri, Opener opener) {
    try (PDDocument document = opener.open()) {
      PageStripper stripper = new PageStripper();
      StringWriter raw = new StringWriter();
      stripper.sink = raw;
      stripper.writeText(document, raw);
      return assemble(document, raw.toString(), stripper.ranges);
    } catch (InvalidPasswordException e) {
      throw DocumentErrors.encrypted(uri);
    } catch (IOException | RuntimeException e) {
      throw DocumentErrors.damagedPdf(uri, e);
    }
  }

  private static DocumentText assemble(PDDocument document, String raw, List<int[]> ranges) {
    StringBuilder text = new StringBuilder();
    List<DocumentPage> pages = new ArrayList<>();
    List<TextBlock> blocks = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      String page = raw.substring(ranges.get(i)[0], ranges.get(i)[1]).strip();
      if (!page.isEmpty() && !text.isEmpty()) {
        text.append("\n\n");
      }
      int start = text.length();
      text.append(page);
      pages.add(new DocumentPage(i + 1, start, text.length()));
    }
    String all = text.toString();
    for (DocumentPage page : pages) {
      blocks.addAll(PlainText.paragraphs(all, page.start(), page.end()));
    }
    PDDocumentInformation information = document.getDocumentInformation();
    DocumentInfo info =
        information == null
            ? DocumentInfo.NONE
            : new DocumentInfo(information.getTitle(), information.getAuthor());
    return new DocumentText(
        DocumentFormat.PDF,
        all,
        blocks,
        PdfOutline.headings(document, all, pages),
        document.getNumberOfPages(),
        pages,
        info);
  }

  /** Records where each page's text starts and ends in the output. */
  private static final class PageStripper extends PDFTextStripper {
    private final List<int[]> ranges = new ArrayList<>();
    private StringWriter sink;
    private int pageStart;

    PageStripper() {
      setParagraphEnd(getLineSeparator());
    }

    @Override
    protected void writePageStart() throws IOException {
      super.writePageStart();
      pageStart = sink.getBuffer().length();
    }

    @Override
    protected void writePageEnd() throws IOException {
      ranges.add(new int[] {pageStart, sink.getBuffer().length()});
      super.writePageEnd();
    }
  }
}
