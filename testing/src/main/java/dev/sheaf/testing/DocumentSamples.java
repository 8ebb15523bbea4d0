package dev.sheaf.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/**
 * Documents rendered for tests and benchmarks: PDFs whose pages hold known paragraphs (Helvetica 11
 * pt, one line per paragraph line, a blank line's gap between paragraphs), optionally encrypted
 * with a user password, and their truncated forms.
 */
public final class DocumentSamples {
  private static final float MARGIN = 72;
  private static final float LEADING = 14;

  private DocumentSamples() {}

  /**
   * A PDF of {@code pages}, each a list of paragraphs, each paragraph a list of lines (short enough
   * to fit the page's width: about 80 characters).
   */
  public static byte[] pdf(List<List<List<String>>> pages, String title, String author) {
    return pdf(pages, title, author, null);
  }

  /** The same PDF encrypted with AES-128: it opens only with {@code userPassword}. */
  public static byte[] encryptedPdf(List<List<List<String>>> pages, String userPassword) {
    return pdf(pages, null, null, userPassword);
  }

  /** The first {@code fraction} of a document's bytes, as a download cut short. */
  public static byte[] truncated(byte[] document, double fraction) {
    return Arrays.copyOf(document, (int) (document.length * fraction));
  }

  /** An outline item: a title pointing at a page (from 1), at level 1 or 2 (under the last 1). */
  public record Heading(String title, int page, int level) {}

  /** A PDF of {@code pages} with an outline (bookmarks). */
  public static byte[] pdfWithOutline(List<List<List<String>>> pages, List<Heading> outline) {
    return pdf(pages, null, null, null, outline);
  }

  private static byte[] pdf(
      List<List<List<String>>> pages, String title, String author, String userPassword) {
    return pdf(pages, title, author, userPassword, null);
  }

  private static byte[] pdf(
      List<List<List<String>>> pages,
      String title,
      String author,
      String userPassword,
      List<Heading> outline) {
    try (PDDocument document = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (List<List<String>> paragraphs : pages) {
        PDPage page = new PDPage(PDRectangle.LETTER);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(font, 11);
          content.setLeading(LEADING);
          content.newLineAtOffset(MARGIN, PDRectangle.LETTER.getHeight() - MARGIN);
          boolean first = true;
          for (List<String> paragraph : paragraphs) {
            if (!first) {
              content.newLine();
            }
            first = false;
            for (String line : paragraph) {
              content.showText(line);
              content.newLine();
            }
          }
          content.endText();
        }
      }
      if (outline != null) {
        PDDocumentOutline root = new PDDocumentOutline();
        for (Heading heading : outline) {
          PDOutlineItem item = new PDOutlineItem();
          item.setTitle(heading.title());
          item.setDestination(document.getPage(heading.page() - 1));
          if (heading.level() == 1 || root.getLastChild() == null) {
            root.addLast(item);
          } else {
            root.getLastChild().addLast(item);
          }
        }
        document.getDocumentCatalog().setDocumentOutline(root);
      }
      PDDocumentInformation information = document.getDocumentInformation();
      information.setTitle(title);
      information.setAuthor(author);
      if (userPassword != null) {
        StandardProtectionPolicy policy =
            new StandardProtectionPolicy(
                "owner-" + userPassword, userPassword, new AccessPermission());
        policy.setEncryptionKeyLength(128);
        document.protect(policy);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
