package dev.sheaf.compute.document;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;

/**
 * Markdown through commonmark (CommonMark 0.31): headings, paragraphs (also those inside list items
 * and block quotes) and code blocks become blocks; inline markup is dropped, leaving its text (a
 * link's text, an image's alt text, code spans' content); soft line breaks are spaces; an HTML
 * block gives its visible text. The title is the first level-1 heading.
 */
final class MarkdownText {
  private static final Parser PARSER = Parser.builder().build();

  private MarkdownText() {}

  static DocumentText read(String uri, byte[] bytes) {
    Node root = PARSER.parse(PlainText.decode(uri, bytes));
    TextAssembly assembly = new TextAssembly();
    String[] title = {null};
    root.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Heading heading) {
            String text = inline(heading);
            if (heading.getLevel() == 1 && title[0] == null) {
              title[0] = text;
            }
            assembly.heading(text, heading.getLevel());
          }

          @Override
          public void visit(Paragraph paragraph) {
            assembly.block(inline(paragraph), TextBlock.Kind.PARAGRAPH);
          }

          @Override
          public void visit(FencedCodeBlock code) {
            assembly.block(code.getLiteral(), TextBlock.Kind.CODE);
          }

          @Override
          public void visit(IndentedCodeBlock code) {
            assembly.block(code.getLiteral(), TextBlock.Kind.CODE);
          }

          @Override
          public void visit(HtmlBlock html) {
            assembly.block(Jsoup.parse(html.getLiteral()).text(), TextBlock.Kind.PARAGRAPH);
          }
        });
    return assembly.build(DocumentFormat.MARKDOWN, new DocumentInfo(title[0], null));
  }

  /** The text of a block's inline content. */
  private static String inline(Node block) {
    StringBuilder out = new StringBuilder();
    block.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text text) {
            out.append(text.getLiteral());
          }

          @Override
          public void visit(Code code) {
            out.append(code.getLiteral());
          }

          @Override
          public void visit(SoftLineBreak softLineBreak) {
            out.append(' ');
          }

          @Override
          public void visit(HardLineBreak hardLineBreak) {
            out.append('\n');
          }

          @Override
          public void visit(HtmlInline html) {
            // markup only
          }
        });
    return out.toString();
  }
}
