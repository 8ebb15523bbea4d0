package dev.sheaf.compute.document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The visible text of HTML through jsoup (its charset from a byte-order mark or {@code <meta
 * charset>}, else UTF-8): scripts, styles, templates, {@code <noscript>}, SVG and elements marked
 * {@code hidden} are dropped; block elements (paragraphs, list items, table rows, ...) become
 * blocks, {@code h1}-{@code h6} headings, {@code <pre>} code blocks with their white space kept;
 * elsewhere white space collapses as a browser shows it. The title is {@code <title>}, the author
 * {@code <meta name="author">}.
 */
final class HtmlText {
  private static final Set<String> BLOCKS =
      Set.of(
          "address",
          "article",
          "aside",
          "blockquote",
          "caption",
          "dd",
          "details",
          "div",
          "dl",
          "dt",
          "fieldset",
          "figcaption",
          "figure",
          "footer",
          "form",
          "header",
          "hr",
          "li",
          "main",
          "nav",
          "ol",
          "p",
          "section",
          "summary",
          "table",
          "tbody",
          "tfoot",
          "thead",
          "tr",
          "ul",
          "body");

  private static final String DROPPED =
      "script, style, noscript, template, svg, canvas, iframe, object, [hidden]";

  private HtmlText() {}

  static DocumentText read(String uri, byte[] bytes) {
    Document document;
    try {
      document = Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String title = document.title();
    Element author = document.selectFirst("meta[name=author]");
    document.select(DROPPED).remove();
    TextAssembly assembly = new TextAssembly();
    NodeTraversor.traverse(new Walker(assembly), document.body());
    return assembly.build(
        DocumentFormat.HTML,
        new DocumentInfo(title, author == null ? null : author.attr("content")));
  }

  /** Appends text nodes to the current block and ends blocks at block elements. */
  private static final class Walker implements NodeVisitor {
    private final TextAssembly assembly;
    private final StringBuilder block = new StringBuilder();
    private int headingLevel;
    private int preDepth;

    Walker(TextAssembly assembly) {
      this.assembly = assembly;
    }

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode text) {
        if (preDepth > 0) {
          block.append(text.getWholeText());
        } else {
          block.append(text.getWholeText().replaceAll("\\s+", " "));
        }
        return;
      }
      if (!(node instanceof Element element)) {
        return;
      }
      String tag = element.normalName();
      if (tag.equals("br")) {
        block.append('\n');
      } else if (tag.equals("td") || tag.equals("th")) {
        block.append(' ');
      } else if (tag.equals("pre")) {
        flush();
        preDepth++;
      } else if (heading(tag) > 0) {
        flush();
        headingLevel = heading(tag);
      } else if (BLOCKS.contains(tag)) {
        flush();
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (!(node instanceof Element element)) {
        return;
      }
      String tag = element.normalName();
      if (tag.equals("pre")) {
        assembly.block(block.toString(), TextBlock.Kind.CODE);
        block.setLength(0);
        preDepth--;
      } else if (heading(tag) > 0 || BLOCKS.contains(tag)) {
        flush();
      }
    }

    private void flush() {
      if (preDepth > 0) {
        return;
      }
      String content = block.toString().replaceAll(" *\n *", "\n").replaceAll(" {2,}", " ");
      block.setLength(0);
      if (headingLevel > 0) {
        assembly.heading(content.replace('\n', ' '), headingLevel);
        headingLevel = 0;
      } else {
        assembly.block(content, TextBlock.Kind.PARAGRAPH);
      }
    }

    private static int heading(String tag) {
      if (tag.length() == 2 && tag.charAt(0) == 'h') {
        char level = tag.charAt(1);
        if (level >= '1' && level <= '6') {
          return level - '0';
        }
      }
      return 0;
    }
  }
}
